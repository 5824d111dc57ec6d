import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { Reporter, Vitest } from 'vitest/node';
import { cpuTable, parseLog } from './table.js';

/** Prints the files that cost the most CPU, from the log test/file-cpu/setup.ts wrote. */
export class FileCpuReporter implements Reporter {
  private root = '';
  constructor(private readonly log: string) {}

  onInit(ctx: Vitest): void {
    this.root = ctx.config.root;
    rmSync(this.log, { force: true });
    rmSync(`${this.log}.aws`, { force: true });
  }

  onTestRunEnd(): void {
    if (!existsSync(this.log)) return;
    process.stdout.write(
      `\nCPU per test file (${this.log}):\n${cpuTable(parseLog(readFileSync(this.log, 'utf8')), this.root)}\n`,
    );
  }
}
