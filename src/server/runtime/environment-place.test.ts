import { describe, expect, it } from 'vitest';
import { insideEndpoint } from './environment-place.js';

describe("gradual's API as a function in its own network namespace reaches it", () => {
  it('is the same port on its own loopback, whatever address the server listens on', () => {
    expect(insideEndpoint('http://127.0.0.1:9000')).toBe('http://127.0.0.1:9000');
    expect(insideEndpoint('http://192.0.2.7:41234')).toBe('http://127.0.0.1:41234');
    expect(insideEndpoint('http://[::1]:9000')).toBe('http://127.0.0.1:9000');
  });
});
