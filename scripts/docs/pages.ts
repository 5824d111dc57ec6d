import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as prettier from 'prettier';
import { gradualProgram } from '../../src/client/cli/program.js';
import { silentLog } from '../../src/common/log.js';
import { startServer } from '../../src/server/main.js';
import { registerServe } from '../../src/server/serve-command.js';
import { cliPage } from './cli-page.js';
import { compatibilityPage, type ServiceCoverage } from './compatibility-page.js';
import { extraSections } from './extra-sections.js';
import { probeService } from './probe-operations.js';
import { displayName, loadSdkService, sdkPackageNames } from './sdk-services.js';

/** The generated pages, by path from the repository's root. */
export const ROOT = resolve(import.meta.dirname, '../..');
export const PAGES = {
  compatibility: 'docs/reference/compatibility.md',
  cli: 'docs/reference/cli.md',
} as const;

/** Asks a real server (temporary data dir, functions as plain processes: none run) about every operation. */
async function coverage(): Promise<ServiceCoverage[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gradual-docs-'));
  const server = await startServer(
    { port: 0, gatewayPort: 0, dataDir, sandbox: 'process' },
    { log: silentLog },
  );
  try {
    const credentials = server.credentials?.credentials ?? { accessKeyId: 'any', secretAccessKey: 'any' };
    const connection = { endpoint: server.url, region: server.options.region, credentials };
    const result: ServiceCoverage[] = [];
    for (const packageName of sdkPackageNames(ROOT)) {
      const service = await loadSdkService(ROOT, packageName);
      result.push({
        title: displayName(service.serviceId),
        packageName,
        version: service.version,
        operations: await probeService(service, connection),
      });
    }
    return result.sort((a, b) => a.title.localeCompare(b.title));
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function cliProgram(): ReturnType<typeof gradualProgram> {
  return gradualProgram({
    registerServer: registerServe,
    startServer: () => Promise.reject(new Error('the docs generator starts no demo')),
  });
}

async function formatted(path: string, markdown: string): Promise<string> {
  const options = await prettier.resolveConfig(join(ROOT, path));
  return prettier.format(markdown, { ...options, filepath: join(ROOT, path) });
}

/** Every generated page's text, as committed. */
export async function generatePages(): Promise<Record<string, string>> {
  const compatibility = compatibilityPage(await coverage(), extraSections());
  return {
    [PAGES.compatibility]: await formatted(PAGES.compatibility, compatibility),
    [PAGES.cli]: await formatted(PAGES.cli, cliPage(cliProgram())),
  };
}
