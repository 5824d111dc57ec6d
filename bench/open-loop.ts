/** Runs bench/open-loop-client.ts as a separate process and reads its one line of figures. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { ROOT } from './invoke-harness.js';

const run = promisify(execFile);

const OpenLoopFigures = z.object({
  rate: z.number(),
  completed: z.number(),
  failures: z.number(),
  /** Still unanswered 20 s after the last send. */
  unanswered: z.number(),
  p50: z.number(),
  p99: z.number(),
  max: z.number(),
  /** How late this generator itself sent (p99, ms): large means the figures are the generator's. */
  sendLagP99: z.number(),
  /** Share of one core the generator used while sending. */
  generatorCpu: z.number(),
});
export type OpenLoopFigures = z.infer<typeof OpenLoopFigures>;

export async function openLoop(
  url: string,
  rate: number,
  seconds: number,
  body: string,
): Promise<OpenLoopFigures> {
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'bench/open-loop-client.ts'),
      url,
      String(Math.round(rate)),
      String(seconds),
      body,
    ],
    { cwd: ROOT, timeout: (seconds + 40) * 1000 },
  );
  const figures = OpenLoopFigures.parse(JSON.parse(stdout));
  // Unanswered and failed (throttled) requests are figures: the server fell behind, or refused.
  return figures;
}
