import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll } from 'vitest';
import { awsCliSeconds, reapedTicks } from './table.js';

/**
 * A setup file, run before each test file in its worker (vitest.config.ts adds it when
 * GRADUAL_TEST_CPU is set): appends the CPU the file cost to GRADUAL_TEST_CPU_LOG. A fork runs one
 * file at a time, so its process.cpuUsage() delta is the file's: its imports, its tests and the
 * servers it starts in-process. Children count once reaped (`wait`ed for): processes the file starts
 * and waits for. The AWS CLI commands are the fork servers' children (test/support/aws-cli/zygotes.ts),
 * not the worker's: each server logs a command's CPU under the worker's pid, which the command's
 * environment carries. Missed: processes killed but not waited for before the file ends (counted
 * for a later file, or never). In the thread pool (the unit project) every thread shares one
 * process: run it with `--pool forks` to measure it.
 */
const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux
const log = process.env['GRADUAL_TEST_CPU_LOG'];
const awsLog = `${log}.aws`;
process.env['GRADUAL_TEST_CPU_WORKER'] = String(process.pid);
const reaped = (): number => reapedTicks(readFileSync('/proc/self/stat', 'utf8')) / TICKS_PER_SECOND;
const awsLogSize = (): number => (existsSync(awsLog) ? statSync(awsLog).size : 0);
const start = { cpu: process.cpuUsage(), reaped: reaped(), awsLog: awsLogSize(), wall: performance.now() };

afterAll((suite) => {
  if (!log || !('filepath' in suite)) return;
  const cpu = process.cpuUsage(start.cpu);
  const awsLines = existsSync(awsLog) ? readFileSync(awsLog).subarray(start.awsLog).toString() : '';
  const row = {
    file: suite.filepath,
    self: (cpu.user + cpu.system) / 1e6,
    children: reaped() - start.reaped,
    awsCli: awsCliSeconds(awsLines, process.pid),
    wall: (performance.now() - start.wall) / 1000,
  };
  appendFileSync(log, `${JSON.stringify(row)}\n`);
});
