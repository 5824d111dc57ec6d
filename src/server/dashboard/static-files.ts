import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, sep } from 'node:path';
import { packageRoot } from '../../common/package-root.js';

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

/** The page's files: next to this module in the source tree, which dist/ serves them from too. */
export function staticDir(): string {
  const dir = join(packageRoot(), 'src', 'server', 'dashboard', 'static');
  if (!existsSync(join(dir, 'index.html')))
    throw new Error(`gradual's dashboard files are missing (looked in ${dir})`);
  return dir;
}

/** uPlot's ES module build and stylesheet, served as they ship. */
export function vendorFiles(): Record<string, string> {
  const require = createRequire(import.meta.url);
  return {
    'uPlot.esm.js': require.resolve('uplot/dist/uPlot.esm.js'),
    'uPlot.min.css': require.resolve('uplot/dist/uPlot.min.css'),
  };
}

/** The UI's file names under `dir` (`js/main.js`), as the page asks for them. */
function listFiles(dir: string): Set<string> {
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((n) => n.split(sep).join('/'));
  return new Set(names.filter((n) => SAFE_PATH.test(n)));
}

/**
 * Static files read once and kept: the whole UI is a few tens of kilobytes. Only the files the UI
 * ships are ever looked up or kept, so requests for other names (misses) cost no memory.
 */
export class StaticFiles {
  private readonly cache = new Map<string, Promise<StaticFile | undefined>>();
  private readonly shipped: Set<string>;

  constructor(
    private readonly dir: string,
    private readonly vendor: Readonly<Record<string, string>>,
  ) {
    this.shipped = listFiles(dir);
  }

  /** A file of the UI by its path under the static folder, or undefined. */
  file(path: string): Promise<StaticFile | undefined> {
    if (!this.shipped.has(path)) return Promise.resolve(undefined);
    return this.load(`static:${path}`, join(this.dir, path));
  }

  /** A vendored file by name (`uPlot.esm.js`), or undefined. */
  vendored(name: string): Promise<StaticFile | undefined> {
    const path = Object.hasOwn(this.vendor, name) ? this.vendor[name] : undefined;
    return path ? this.load(`vendor:${name}`, path) : Promise.resolve(undefined);
  }

  /** Files held in memory (for tests of the bound). */
  get cached(): number {
    return this.cache.size;
  }

  private load(key: string, path: string): Promise<StaticFile | undefined> {
    let file = this.cache.get(key);
    if (!file) {
      file = readFile(path).then((body) => ({
        body,
        contentType: TYPES[extname(path)] ?? 'application/octet-stream',
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      }));
      this.cache.set(key, file);
      // A failed read is not remembered: the next request reads again.
      file.catch(() => this.cache.delete(key));
    }
    return file.catch(() => undefined);
  }
}
