#!/usr/bin/env node
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'gradual: not built yet in this checkout: run `npm run build` (npm start and npm run demo build it too).\n',
  );
  process.exit(1);
}
await import(main.href);
