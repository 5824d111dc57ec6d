import { describe, expect, it } from 'vitest';
import { decodeAwsChunked } from './aws-chunked.js';

// The example of AWS's "Signature Calculations for the Authorization Header: Transferring Payload
// in Multiple Chunks": 66,560 bytes of 'a' in chunks of 64 KB, 1 KB and 0.
const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const signing = {
  secretAccessKey,
  amzDate: '20130524T000000Z',
  scope: '20130524/us-east-1/s3/aws4_request',
  seedSignature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
};
const signatures = [
  'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
  '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
  'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
];

function chunked(sizes: number[], sigs: (string | undefined)[], trailer = ''): Buffer {
  const parts: Buffer[] = [];
  sizes.forEach((size, i) => {
    const ext = sigs[i] ? `;chunk-signature=${sigs[i]}` : '';
    parts.push(Buffer.from(`${size.toString(16)}${ext}\r\n`), Buffer.alloc(size, 'a'));
    if (size > 0) parts.push(Buffer.from('\r\n'));
  });
  parts.push(Buffer.from(trailer ? `${trailer}\r\n\r\n` : '\r\n'));
  return Buffer.concat(parts);
}

describe('aws-chunked bodies', () => {
  it("decodes AWS's signed example, every chunk signature checked", () => {
    const { body } = decodeAwsChunked(chunked([65536, 1024, 0], signatures), signing);
    expect(body.length).toBe(66560);
    expect(body.every((b) => b === 0x61)).toBe(true);
  });

  it('refuses a chunk whose signature does not chain', () => {
    const forged = [signatures[0], signatures[2], signatures[1]];
    expect(() => decodeAwsChunked(chunked([65536, 1024, 0], forged), signing)).toThrow(/signature/);
  });

  it('decodes unsigned chunks with a checksum trailer', () => {
    const { body, trailers } = decodeAwsChunked(
      chunked([3, 2, 0], [undefined, undefined, undefined], 'x-amz-checksum-crc32:AAAAAA=='),
      undefined,
    );
    expect(body.toString()).toBe('aaaaa');
    expect(trailers).toEqual({ 'x-amz-checksum-crc32': 'AAAAAA==' });
  });

  it('refuses a chunk shorter than its size', () => {
    expect(() => decodeAwsChunked(Buffer.from('10\r\nabc\r\n0\r\n\r\n'), undefined)).toThrow(/shorter/);
  });
});
