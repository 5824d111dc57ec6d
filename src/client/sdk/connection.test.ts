import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordServerAddress } from '../../contracts/server-address.js';
import { connect } from './connection.js';

const root = mkdtempSync(join(tmpdir(), 'gradual-connect-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A data dir whose server (this process, for the test) runs on port 9100 in eu-west-1. */
function runningServerDir(): string {
  const dir = mkdtempSync(join(root, 'd-'));
  writeFileSync(join(dir, 'server.pid'), String(process.pid));
  recordServerAddress(dir, { url: 'http://127.0.0.1:9100', region: 'eu-west-1' });
  return dir;
}

describe('where a client command connects', () => {
  it('to the server running on the data dir when neither flags nor env say', () => {
    const c = connect({ dataDir: runningServerDir() }, {});
    expect([c.endpoint, c.region]).toEqual(['http://127.0.0.1:9100', 'eu-west-1']);
  });

  it('flags first, then the env gradual env prints, then the running server', () => {
    const dataDir = runningServerDir();
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9200', AWS_REGION: 'us-west-2' };
    expect(connect({ dataDir }, env)).toMatchObject({
      endpoint: 'http://127.0.0.1:9200',
      region: 'us-west-2',
    });
    expect(connect({ dataDir, endpoint: 'http://h:1', region: 'ap-south-1' }, env)).toMatchObject({
      endpoint: 'http://h:1',
      region: 'ap-south-1',
    });
    expect(connect({ dataDir, endpointUrl: 'http://h:2' }, {})).toMatchObject({
      endpoint: 'http://h:2',
      region: 'eu-west-1',
    });
  });

  it("serve's defaults when no server runs on the data dir", () => {
    const c = connect({ dataDir: mkdtempSync(join(root, 'd-')) }, {});
    expect([c.endpoint, c.region]).toEqual(['http://127.0.0.1:9000', 'us-east-1']);
  });
});
