/**
 * The house rule: imports point down. Each folder stands on a floor; a file may import its own
 * folder and any folder on a lower floor of its own side (or the shared floors), never one beside
 * or above it. The server and the client meet only in src/main.ts, the program's entry.
 */
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Lowest floor first. Folders on one floor may not import each other. */
const floors = {
  shared: [['src/common'], ['src/contracts']],
  server: [
    ['src/server/cluster'],
    ['src/server/capacity'],
    ['src/server/artifacts'],
    ['src/server/functions', 'src/server/s3'],
    ['src/server/runtime'],
    ['src/server/invoke'],
    ['src/server/metrics'],
    [
      'src/server/deployments',
      'src/server/apigateway',
      'src/server/states',
      'src/server/iam',
      'src/server/cloudformation',
    ],
    ['src/server/auth'],
    ['src/server/store'],
    // The dashboard reads the domains and speaks contracts/, never the API's internals.
    ['src/server/api', 'src/server/gateway', 'src/server/dashboard'],
    ['src/server/wiring'],
    ['src/server/main.ts'],
    ['src/server/serve-command.ts'],
  ],
  client: [['src/client/template'], ['src/client/sdk'], ['src/client/stack'], ['src/client/cli']],
  program: [['src/main.ts']],
};

const places = Object.entries(floors).flatMap(([side, list]) =>
  list.flatMap((folders, floor) => folders.map((folder) => ({ folder, side, floor }))),
);
// Longest folder first, so src/server/main.ts is found before src/server.
places.sort((a, b) => b.folder.length - a.folder.length);

function placeOf(path) {
  const rel = relative(root, path).replace(/\.js$/, '.ts');
  return places.find((p) => rel === p.folder || rel.startsWith(p.folder + '/'));
}

function allowed(from, to) {
  if (from.folder === to.folder) return true;
  if (from.side === 'program') return true;
  if (to.side === 'shared') return from.side !== 'shared' || to.floor < from.floor;
  return from.side === to.side && to.floor < from.floor;
}

const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'imports point down the floors of src/ (eslint-rules/layers.js)' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = placeOf(file);
    if (!from) {
      // A folder nobody placed would escape the rule: every file of src/ stands on a floor.
      if (!relative(root, file).startsWith('src/')) return {};
      return {
        Program: (node) =>
          context.report({ node, message: 'This folder is on no floor: add it to eslint-rules/layers.js.' }),
      };
    }
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = placeOf(resolve(dirname(file), spec));
      if (!to || allowed(from, to)) return;
      const why =
        from.side !== to.side && to.side !== 'shared'
          ? `the ${from.side} side may not import the ${to.side} side`
          : to.floor === from.floor
            ? 'they stand on the same floor'
            : `${to.folder} stands above ${from.folder}`;
      context.report({ node, message: `${from.folder} may not import ${to.folder}: ${why}.` });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { layers } };
