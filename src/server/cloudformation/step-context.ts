import type { StackEvent, StackRecord } from './model.js';
import type { ApplyRequest } from './ports.js';
import type { EventLog } from './step-events.js';

/** What a step asks the engine to do once its state is saved. */
export type Effect =
  | { kind: 'apply'; request: ApplyRequest }
  | { kind: 'poll'; request: ApplyRequest; token: string }
  | { kind: 'cancel'; request: ApplyRequest; token: string };

export interface StepInput {
  now: number;
  newEventId: () => string;
  region: string;
  accountId: string;
  /** The HTTP gateway's port: outputs naming an API's AWS address are given its address here. */
  gatewayPort?: number;
  /** Other stacks' exports (Fn::ImportValue). */
  exported(name: string): string | undefined;
}

export interface StepResult {
  next: StackRecord;
  effects: Effect[];
  events: StackEvent[];
  wakeAt: number | undefined;
}

/** The working copy one step edits: the stack (cloned), the events and effects it produces. */
export interface Work {
  stack: StackRecord;
  log: EventLog;
  effects: Effect[];
  input: StepInput;
}

export const deepEqual = (a: unknown, b: unknown): boolean =>
  JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** Parameter values plus the stack's pseudo parameters, for resolving intrinsics. */
export function parameterMap(work: Work): Map<string, string | string[]> {
  const { stack, input } = work;
  const op = stack.operation;
  const values = new Map<string, string | string[]>();
  const declared = (op?.template.Parameters ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const p of op?.parameters ?? stack.parameters)
    values.set(
      p.key,
      declared[p.key]?.['Type'] === 'CommaDelimitedList' ? p.value.split(',').map((x) => x.trim()) : p.value,
    );
  values.set('AWS::Region', input.region);
  values.set('AWS::AccountId', input.accountId);
  values.set('AWS::StackName', stack.stackName);
  values.set('AWS::StackId', stack.stackId);
  values.set('AWS::Partition', 'aws');
  values.set('AWS::URLSuffix', 'amazonaws.com');
  values.set('AWS::NotificationARNs', []);
  return values;
}
