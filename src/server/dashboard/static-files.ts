import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Plain names only: no `..`, no hidden files, nothing but what the UI ships. */
const SAFE_PATH = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*\.(html|js|css|svg)$/;

export interface StaticFile {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** The page's files: next to this module in the source tree; found from dist/ too. */
export function staticDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, 'static'),
    join(here, '..', '..', '..', 'src', 'server', 'dashboard', 'static'),
  ];
  const found = candidates.find((c) => existsSync(join(c, 'index.html')));
  if (!found) throw new Error(`gradual's dashboard files are missing (looked in ${candidates.join(', ')})`);
  return found;
}

/** uPlot's ES module build and stylesheet, served as they ship. */
export function vendorFiles(): Record<string, string> {
  const require = createRequire(import.meta.url);
  return {
    'uPlot.esm.js': require.resolve('uplot/dist/uPlot.esm.js'),
    'uPlot.min.css': require.resolve('uplot/dist/uPlot.min.css'),
  };
}

/** Static files read once and kept: the whole UI is a few tens of kilobytes. */
export class StaticFiles {
  private readonly cache = new Map<string, Promise<StaticFile | undefined>>();

  constructor(
    private readonly dir: string,
    private readonly vendor: Readonly<Record<string, string>>,
  ) {}

  /** A file of the UI by its path under the static folder, or undefined. */
  file(path: string): Promise<StaticFile | undefined> {
    if (!SAFE_PATH.test(path)) return Promise.resolve(undefined);
    return this.load(`static:${path}`, join(this.dir, path));
  }

  /** A vendored file by name (`uPlot.esm.js`), or undefined. */
  vendored(name: string): Promise<StaticFile | undefined> {
    const path = Object.hasOwn(this.vendor, name) ? this.vendor[name] : undefined;
    return path ? this.load(`vendor:${name}`, path) : Promise.resolve(undefined);
  }

  private load(key: string, path: string): Promise<StaticFile | undefined> {
    let file = this.cache.get(key);
    if (!file) {
      file = readFile(path).then(
        (body) => ({
          body,
          contentType: TYPES[extname(path)] ?? 'application/octet-stream',
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
        }),
        () => undefined,
      );
      this.cache.set(key, file);
    }
    return file;
  }
}
