import {
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  type ExecutionStatus,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { signedJson, type Connection } from './connection.js';

/** Step Functions executions as the CLI shows them, read through the public API only. */

export interface EventView {
  id: number;
  previousEventId: number;
  type: string;
  /** Platform time, ms. */
  timestamp: number;
  /** The `<kind>EventDetails` member, whatever its kind. */
  details: Record<string, unknown>;
}

export interface ExecutionView {
  executionArn: string;
  stateMachineArn: string;
  machineName: string;
  name: string;
  status: string;
  startDate: number;
  stopDate: number | undefined;
  input: string;
  output: string | undefined;
  error: string | undefined;
  cause: string | undefined;
  /** The definition the execution runs (DescribeStateMachineForExecution). */
  definition: string;
  events: EventView[];
}

export interface ExecutionSummaryView {
  executionArn: string;
  machineName: string;
  name: string;
  status: string;
  startDate: number;
  stopDate: number | undefined;
}

const ms = (d: Date | undefined): number | undefined => d?.getTime();

export function eventView(e: HistoryEvent): EventView {
  const key = Object.keys(e).find((k) => k.endsWith('EventDetails'));
  const details = key ? ((e as unknown as Record<string, Record<string, unknown>>)[key] ?? {}) : {};
  return {
    id: e.id ?? 0,
    previousEventId: e.previousEventId ?? 0,
    type: e.type ?? '',
    timestamp: ms(e.timestamp) ?? 0,
    details,
  };
}

/**
 * The events after `known` (all of them when `known` is empty), read newest first and only as far
 * back as needed, so following a long execution reads just what is new.
 */
export async function newEvents(
  sfn: SFNClient,
  executionArn: string,
  known: EventView[],
): Promise<EventView[]> {
  const lastId = known.at(-1)?.id ?? 0;
  const fresh: EventView[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 200, nextToken }),
    );
    for (const e of page.events ?? []) {
      if ((e.id ?? 0) <= lastId) return fresh.reverse();
      fresh.push(eventView(e));
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return fresh.reverse();
}

/** DescribeExecution, the definition it runs and its history (only the new part after `previous`). */
export async function readExecution(
  sfn: SFNClient,
  executionArn: string,
  previous?: ExecutionView,
): Promise<ExecutionView> {
  const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  const definition =
    previous?.definition ??
    (await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }))).definition ??
    '{}';
  const known = previous?.events ?? [];
  const events = [...known, ...(await newEvents(sfn, executionArn, known))];
  return {
    executionArn,
    stateMachineArn: described.stateMachineArn ?? '',
    machineName: machineNameOf(described.stateMachineArn ?? ''),
    name: described.name ?? '',
    status: described.status ?? 'RUNNING',
    startDate: ms(described.startDate) ?? 0,
    stopDate: ms(described.stopDate),
    input: described.input ?? '',
    output: described.output,
    error: described.error,
    cause: described.cause,
    definition,
    events,
  };
}

const machineNameOf = (arn: string): string => arn.split(':').at(-1) ?? arn;

async function machines(sfn: SFNClient): Promise<{ arn: string; name: string }[]> {
  const all: { arn: string; name: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ nextToken }));
    for (const m of page.stateMachines ?? []) all.push({ arn: m.stateMachineArn ?? '', name: m.name ?? '' });
    nextToken = page.nextToken;
  } while (nextToken);
  return all;
}

/** The newest executions of every state machine (or of the one named), newest first. */
export async function recentExecutions(
  sfn: SFNClient,
  filter: { machine?: string; status?: ExecutionStatus; limit: number },
): Promise<ExecutionSummaryView[]> {
  const all = await machines(sfn);
  const picked = filter.machine
    ? all.filter((m) => m.name === filter.machine || m.arn === filter.machine)
    : all;
  if (filter.machine && picked.length === 0) throw new Error(`no state machine named ${filter.machine}`);
  const lists = await Promise.all(
    picked.map(async (m) => {
      const page = await sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: m.arn,
          maxResults: filter.limit,
          ...(filter.status ? { statusFilter: filter.status } : {}),
        }),
      );
      return (page.executions ?? []).map((e) => ({
        executionArn: e.executionArn ?? '',
        machineName: m.name,
        name: e.name ?? '',
        status: e.status ?? '',
        startDate: ms(e.startDate) ?? 0,
        stopDate: ms(e.stopDate),
      }));
    }),
  );
  return lists
    .flat()
    .sort((a, b) => b.startDate - a.startDate)
    .slice(0, filter.limit);
}

/** An execution ARN, or `<state machine>/<execution name>` looked up among the state machines. */
export async function resolveExecution(sfn: SFNClient, ref: string): Promise<string> {
  if (ref.startsWith('arn:')) return ref;
  const slash = ref.indexOf('/');
  if (slash < 1)
    throw new Error(`name an execution by its ARN or as <state machine>/<execution name>, not ${ref}`);
  const machineName = ref.slice(0, slash);
  const machine = (await machines(sfn)).find((m) => m.name === machineName);
  if (!machine) throw new Error(`no state machine named ${machineName}`);
  return `${machine.arn.replace(':stateMachine:', ':execution:')}:${ref.slice(slash + 1)}`;
}

/** The server's platform time and time scale (`/_gradual/v1/clock`), or undefined from an older server. */
export async function serverClock(
  connection: Connection,
): Promise<{ serverTime: number; timeScale: number } | undefined> {
  try {
    const out = (await signedJson(connection, {
      service: 'gradual',
      method: 'GET',
      path: '/_gradual/v1/clock',
    })) as { serverTime?: unknown; timeScale?: unknown };
    if (typeof out.serverTime === 'number' && typeof out.timeScale === 'number')
      return { serverTime: out.serverTime, timeScale: out.timeScale };
  } catch {
    // An older server: countdowns are left out.
  }
  return undefined;
}
