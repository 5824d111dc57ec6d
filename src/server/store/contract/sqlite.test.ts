import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openSqliteStore } from '../sqlite/sqlite-store.js';
import type { Store } from '../store.js';
import { storeContract } from './store-contract.js';

let dir: string | undefined;
const open: Store[] = [];

afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

storeContract({
  name: 'SQLite',
  open: () => {
    dir = mkdtempSync(join(tmpdir(), 'gradual-contract-'));
    const store = openSqliteStore(join(dir, 'gradual.db'));
    open.push(store);
    return Promise.resolve(store);
  },
  openAgain: () => {
    const store = openSqliteStore(join(dir!, 'gradual.db'));
    open.push(store);
    return Promise.resolve(store);
  },
});
