import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordServerAddress, runningServerAddress } from './server-address.js';

const root = mkdtempSync(join(tmpdir(), 'gradual-address-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the running server address', () => {
  it('is read back while the server of the data dir runs, and gone once it removes it', () => {
    const dir = mkdtempSync(join(root, 'd-'));
    writeFileSync(join(dir, 'server.pid'), String(process.pid));
    const address = { url: 'http://127.0.0.1:9100', region: 'eu-west-1' };
    const remove = recordServerAddress(dir, address);
    expect(runningServerAddress(dir)).toEqual(address);
    remove();
    expect(runningServerAddress(dir)).toBeUndefined();
  });

  it('is not read when the server that wrote it died without removing it (kill -9)', () => {
    const dir = mkdtempSync(join(root, 'd-'));
    writeFileSync(join(dir, 'server.pid'), '2147483646'); // no such process
    recordServerAddress(dir, { url: 'http://127.0.0.1:9100', region: 'us-east-1' });
    expect(runningServerAddress(dir)).toBeUndefined();
  });

  it('is not read when the file is not an address', () => {
    const dir = mkdtempSync(join(root, 'd-'));
    writeFileSync(join(dir, 'server.pid'), String(process.pid));
    writeFileSync(join(dir, 'server.json'), '{"url":"not a url"');
    expect(runningServerAddress(dir)).toBeUndefined();
  });

  it('keeps the gateway address, and refuses fields of the wrong kind', () => {
    const dir = mkdtempSync(join(root, 'd-'));
    writeFileSync(join(dir, 'server.pid'), String(process.pid));
    const write = (value: unknown): void => writeFileSync(join(dir, 'server.json'), JSON.stringify(value));
    write({ url: 'http://127.0.0.1:9100', region: 'us-east-1', gatewayUrl: 'http://127.0.0.1:8080', x: 1 });
    expect(runningServerAddress(dir)).toEqual({
      url: 'http://127.0.0.1:9100',
      region: 'us-east-1',
      gatewayUrl: 'http://127.0.0.1:8080',
    });
    for (const wrong of [
      { url: 'http://127.0.0.1:9100', region: '' },
      { url: 'http://127.0.0.1:9100', region: 1 },
      { url: 'localhost', region: 'us-east-1' },
      { url: 'http://127.0.0.1:9100', region: 'us-east-1', gatewayUrl: 'nope' },
      [],
    ]) {
      write(wrong);
      expect(runningServerAddress(dir)).toBeUndefined();
    }
  });
});
