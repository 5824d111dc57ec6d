import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { realClock } from '../../../common/clock.js';
import { silentLog } from '../../../common/log.js';
import { cryptoRandom } from '../../../common/random.js';
import type { EnvironmentDeps } from '../environment.js';
import { realFunctionTime } from '../function-time.js';
import { launchRoots, Launchers } from '../launchers.js';
import { Sandbox } from '../sandbox.js';

/**
 * What an Environment needs in a test: the real sandbox, clock and launchers over `root` (a fresh
 * folder), no network or volumes, credentials and an API no function reaches.
 */
export function testEnvironmentDeps(root: string, overrides: Partial<EnvironmentDeps> = {}): EnvironmentDeps {
  // Searchable, as gradual's tmp root is: the sandbox's uid binds the environments' /tmp from it.
  chmodSync(root, 0o711);
  mkdirSync(join(root, 'tmp'));
  const sandbox = Sandbox.detect('auto', { dir: join(root, 'sandbox'), roots: [root, ...launchRoots()] });
  return {
    sandbox,
    launchers: new Launchers(sandbox),
    cgroups: undefined,
    networks: undefined,
    volumes: undefined,
    clock: realClock(),
    functionTime: realFunctionTime(realClock()),
    random: cryptoRandom(),
    log: silentLog,
    region: 'us-east-1',
    credentials: () => ({ accessKeyId: 'a', secretAccessKey: 'b' }),
    endpointUrl: 'http://127.0.0.1:9',
    tmpRoot: join(root, 'tmp'),
    initLimitMs: 10_000,
    ...overrides,
  };
}
