import { createInterface } from 'node:readline';
import { codeDeploy } from '../../sdk/codedeploy-api.js';
import type { Connection } from '../../sdk/connection.js';
import { signedEvents } from '../../sdk/events.js';
import { realClock } from '../../../common/clock.js';
import { deploymentEventsPath } from '../../../contracts/gradual-api.js';
import {
  initialProgress,
  isDone,
  isFinal,
  platformNow,
  reasonOf,
  type DeploymentView,
  type FinalStatus,
  type FunctionProgress,
  type Watched,
} from './model.js';
import { eventLines, renderScreen } from './render.js';
import { alarmStates, readDeployment, versionCounts } from './sources.js';
import { FrameWriter } from './terminal.js';

export interface WatchOptions {
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  /** Ctrl-C asks whether to stop and roll back ('ask', the default), or is left to the default handler. */
  interrupt?: 'ask' | 'ignore';
  /** Where the answer to the Ctrl-C question is read (default: stdin). */
  input?: NodeJS.ReadableStream;
  /** How often alarms and metrics are read, and the deployment when its event stream is down. */
  pollMs?: number;
  /** Put before each line when not redrawing: the caller's own lines are indented so. */
  indent?: string;
}

export interface WatchResult {
  deploymentId: string;
  status: FinalStatus;
  reason?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Follows deployments to their end, showing per function the split, the step and time to the
 * next one, alarms, hooks and per-version counts: redrawn in place on a terminal, one line per
 * event otherwise. Resolves with how each ended (after any rollback it spawned ended too).
 */
export async function watchDeployments(
  connection: Connection,
  watched: Watched[],
  options: WatchOptions,
): Promise<WatchResult[]> {
  const { out } = options;
  const pollMs = options.pollMs ?? 1000;
  const clock = realClock();
  const tty = out.isTTY === true;
  const frames = tty ? new FrameWriter(out) : undefined;
  const state: FunctionProgress[] = watched.map(initialProgress);
  let prompt: string | undefined;
  let finished = false;
  let finish = (): void => undefined;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  const abort = new AbortController();

  const draw = (): void => {
    if (!frames || prompt !== undefined) return;
    frames.draw(
      renderScreen(state, {
        wallNow: clock.now(),
        // One column spare: a full last column makes some terminals wrap.
        width: Math.min(out.columns ?? 80, 101) - 1,
        ...(out.rows ? { height: out.rows } : {}),
        interruptible: options.interrupt !== 'ignore',
      }),
    );
  };
  const update = (i: number, change: (p: FunctionProgress) => FunctionProgress): void => {
    const before = state[i]!;
    const after = change(before);
    state[i] = after;
    if (!tty) for (const line of eventLines(before, after)) out.write(`${options.indent ?? ''}${line}\n`);
    else draw();
  };

  // The deployment first: a wrong id or an unreachable server is the caller's error, not a view.
  const first = await Promise.all(watched.map((w) => readDeployment(connection, w.deploymentId)));
  first.forEach((view, i) => update(i, (p) => ({ ...p, view, receivedAt: clock.now() })));

  const alarmsOf = (view: DeploymentView): Promise<Record<string, string>> =>
    alarmStates(connection, view.gradual.alarms.enabled ? view.gradual.alarms.alarms : []);

  const follow = async (i: number, id: string, slot: 'view' | 'rollback'): Promise<DeploymentView> => {
    for (;;) {
      try {
        for await (const data of signedEvents(connection, deploymentEventsPath(id), abort.signal)) {
          const view = data as DeploymentView;
          // Alarm states read with each change, so an alarm shows before the stop it caused.
          const alarms = slot === 'view' ? await alarmsOf(view).catch(() => ({})) : {};
          update(i, (p) => ({
            ...p,
            [slot]: view,
            alarms: { ...p.alarms, ...alarms },
            receivedAt: slot === 'view' ? clock.now() : p.receivedAt,
            problem: undefined,
          }));
          if (isFinal(view.status)) return view;
        }
        const view = await readDeployment(connection, id);
        update(i, (p) => ({
          ...p,
          [slot]: view,
          receivedAt: slot === 'view' ? clock.now() : p.receivedAt,
          problem: undefined,
        }));
        if (isFinal(view.status)) return view;
      } catch (error) {
        if (abort.signal.aborted) throw error;
        update(i, (p) => ({ ...p, problem: `lost the server (${message(error)}); retrying` }));
        await sleep(pollMs);
      }
    }
  };

  const followOne = async (i: number): Promise<void> => {
    const ended = await follow(i, watched[i]!.deploymentId, 'view');
    const rollbackId = ended.rollbackInfo?.rollbackDeploymentId;
    if (rollbackId) await follow(i, rollbackId, 'rollback');
  };

  const poll = async (): Promise<void> => {
    while (!finished) {
      await Promise.all(
        state.map(async (p, i) => {
          const view = p.view;
          const target = view?.gradual.target;
          if (!view || !target || isDone(p)) return;
          try {
            const alarms = await alarmsOf(view);
            const end = platformNow(p, clock.now());
            const counts =
              end === undefined
                ? undefined
                : await versionCounts(connection, {
                    functionName: target.functionName,
                    alias: target.alias,
                    current: target.currentVersion,
                    target: target.targetVersion,
                    endMs: end,
                    // The last minute of the one clock: the platform's, its alarms' and its functions'.
                    windowMs: 60_000,
                  });
            update(i, (q) => ({ ...q, alarms: { ...q.alarms, ...alarms }, counts: counts ?? q.counts }));
          } catch {
            // Metrics are a nicety: the deployment stream reports a lost server.
          }
        }),
      );
      draw();
      await Promise.race([sleep(pollMs), ended]);
    }
  };

  const ask = async (): Promise<void> => {
    const running = state.filter((p) => p.view && !isFinal(p.view.status) && !p.stopping);
    if (running.length === 0) return;
    const ids = running.map((p) => p.watched.deploymentId);
    prompt = `Stop deployment${ids.length > 1 ? 's' : ''} ${ids.join(', ')} and roll back? [y/N] `;
    out.write(tty ? prompt : `\n${prompt}`);
    const answer = await readAnswer(options.input ?? process.stdin);
    // Nobody to answer (input closed): Ctrl-C means leave, as it does anywhere else.
    if (answer === undefined) leave();
    frames?.wroteBelow(1);
    prompt = undefined;
    if (!/^y(es)?$/i.test(answer.trim())) {
      if (!tty) out.write('Continuing.\n');
      draw();
      return;
    }
    for (const p of running) {
      const i = state.indexOf(p);
      update(i, (q) => ({ ...q, stopping: true }));
      if (!tty) out.write(`Stopping ${p.watched.deploymentId} with rollback.\n`);
      try {
        await codeDeploy(connection, 'StopDeployment', {
          deploymentId: p.watched.deploymentId,
          autoRollbackEnabled: true,
        });
      } catch (error) {
        update(i, (q) => ({ ...q, stopping: false, problem: `could not stop: ${message(error)}` }));
      }
    }
    draw();
  };
  let asking: Promise<void> | undefined;
  const leave: () => never = () => {
    frames?.end();
    const ids = state.filter((p) => !isDone(p)).map((p) => p.watched.deploymentId);
    out.write(
      `\nLeft ${ids.join(', ') || 'the deployments'} as ${ids.length > 1 ? 'they are' : 'it is'}: follow with gradual deployments <id> --watch\n`,
    );
    process.exit(130);
  };
  const onInterrupt = (): void => {
    // A second Ctrl-C while asking, or no server to ask: leave, deployments as they are.
    if (asking || state.some((p) => p.problem !== undefined)) leave();
    asking = ask().finally(() => (asking = undefined));
  };
  if (options.interrupt !== 'ignore') process.on('SIGINT', onInterrupt);

  // On a terminal the countdown moves between polls (a Node timer: it keeps the process alive).
  const ticking = tty ? setInterval(draw, 200) : undefined;
  try {
    draw();
    const polling = poll();
    await Promise.all(watched.map((_, i) => followOne(i)));
    finished = true;
    finish();
    await polling;
    // Last counts and alarms are shown as they were; the final frame has the outcome.
    if (asking) await asking;
  } finally {
    finished = true;
    finish();
    clearInterval(ticking);
    abort.abort();
    process.off('SIGINT', onInterrupt);
    if (frames) {
      draw();
      frames.end();
    }
  }
  return state.map((p) => {
    const view = p.view!;
    const reason = reasonOf(view);
    return {
      deploymentId: p.watched.deploymentId,
      status: view.status as FinalStatus,
      ...(reason ? { reason } : {}),
    };
  });
}

/** One line from `input`; undefined when it closes first. */
function readAnswer(input: NodeJS.ReadableStream): Promise<string | undefined> {
  return new Promise((resolve) => {
    const rl = createInterface({ input, terminal: false });
    let done = false;
    const finish = (answer: string | undefined): void => {
      if (done) return;
      done = true;
      rl.close();
      resolve(answer);
    };
    rl.once('line', finish);
    rl.once('close', () => finish(undefined));
  });
}
