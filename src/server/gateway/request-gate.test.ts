import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestGate } from './request-gate.js';

const request = (url: string) =>
  [{ url } as IncomingMessage, {} as ServerResponse] as [IncomingMessage, ServerResponse];

describe('requestGate', () => {
  it('holds requests until opened, then hands them over in order, and every later one', () => {
    const gate = requestGate();
    gate.listener(...request('/a'));
    gate.listener(...request('/b'));
    const seen: (string | undefined)[] = [];
    gate.open((req) => seen.push(req.url));
    expect(seen).toEqual(['/a', '/b']);
    gate.listener(...request('/c'));
    expect(seen).toEqual(['/a', '/b', '/c']);
  });

  it('opens once', () => {
    const gate = requestGate();
    gate.open(() => undefined);
    expect(() => gate.open(() => undefined)).toThrow('this request gate is open already');
  });
});
