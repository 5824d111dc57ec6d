import { realClock } from '../../../common/clock.js';
import { sdkClients, type Connection } from '../../sdk/connection.js';
import { readExecution, serverClock, type ExecutionView } from '../../sdk/executions.js';
import { FrameWriter } from '../progress/terminal.js';
import { isEnded, platformNow, type ServerClock } from './model.js';
import { eventLines, renderWatch } from './render.js';

export interface WatchExecutionOptions {
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  /** How often the execution is read (the countdown is redrawn more often). */
  pollMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Follows an execution to its end: redrawn in place on a terminal (its states, the one it is in,
 * a Wait's time left in the server's time), one line per history event otherwise. Ctrl-C stops
 * watching and leaves the execution running. Resolves with the last view read.
 */
export async function watchExecution(
  connection: Connection,
  executionArn: string,
  options: WatchExecutionOptions,
): Promise<{ view: ExecutionView; left: boolean }> {
  const { out } = options;
  const pollMs = options.pollMs ?? 500;
  const wall = realClock();
  const clients = sdkClients(connection);
  const frames = out.isTTY === true ? new FrameWriter(out) : undefined;
  let left = false;
  const onInterrupt = (): void => {
    left = true;
  };
  process.once('SIGINT', onInterrupt);
  try {
    const read = await serverClock(connection);
    const clock: ServerClock | undefined = read && { ...read, readAt: wall.now() };
    let view = await readExecution(clients.sfn, executionArn);
    let problem: string | undefined;
    const draw = (): void => {
      if (!frames) return;
      const lines = renderWatch(view, {
        now: platformNow(clock, wall.now()),
        // One column spare: a full last column makes some terminals wrap.
        width: Math.min(out.columns ?? 80, 121) - 1,
        timeScale: clock?.timeScale,
      });
      frames.draw(problem ? [...lines, `  (${problem})`] : lines);
    };
    if (!frames) for (const line of eventLines(undefined, view)) out.write(`${line}\n`);
    let lastRead = wall.now();
    while (!isEnded(view.status) && !left) {
      draw();
      await sleep(Math.min(250, pollMs));
      if (wall.now() - lastRead < pollMs) continue;
      lastRead = wall.now();
      try {
        const next = await readExecution(clients.sfn, executionArn, view);
        if (!frames) for (const line of eventLines(view, next)) out.write(`${line}\n`);
        view = next;
        problem = undefined;
      } catch (error) {
        problem = `lost the server (${message(error)}); retrying`;
        if (!frames) out.write(`${problem}\n`);
      }
    }
    draw();
    frames?.end();
    if (left)
      out.write(
        `\nLeft ${view.machineName}/${view.name} running: follow it again with gradual executions ${executionArn} --watch\n`,
      );
    return { view, left };
  } finally {
    process.off('SIGINT', onInterrupt);
    clients.destroy();
  }
}
