import { describe, expect, it } from 'vitest';
import { s3Address } from './addressing.js';

describe('bucket and key of a request', () => {
  it.each([
    ['127.0.0.1:9000', '/', { bucket: undefined, key: undefined }],
    ['127.0.0.1:9000', '/b', { bucket: 'b', key: undefined }],
    ['127.0.0.1:9000', '/b/', { bucket: 'b', key: undefined }],
    ['127.0.0.1:9000', '/b/dir/a%20b%2Bc.txt', { bucket: 'b', key: 'dir/a b+c.txt' }],
    ['localhost:9000', '/b/k', { bucket: 'b', key: 'k' }],
    ['b.s3.localhost:9000', '/k/x', { bucket: 'b', key: 'k/x' }],
    ['my.bucket.localhost:9000', '/', { bucket: 'my.bucket', key: undefined }],
    ['b.s3.us-east-1.amazonaws.com', '/k', { bucket: 'b', key: 'k' }],
    ['s3.localhost:9000', '/b/k', { bucket: 'b', key: 'k' }],
  ])('%s %s', (host, path, expected) => {
    expect(s3Address(host, path)).toEqual(expected);
  });
});
