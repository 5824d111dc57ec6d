import { describe, expect, it } from 'vitest';
import type { Operation, ProcessedTemplate, StackRecord } from './model.js';
import type { Outcome } from './ports.js';
import type { Effect } from './step-context.js';
import { step, type Observation } from './step.js';

const template = (alarmName: string, version = '1'): ProcessedTemplate => ({
  Resources: {
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { ZipFile: version }, Role: 'r' } },
    V: { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: 'Fn' }, Description: version } },
    Live: {
      Type: 'AWS::Lambda::Alias',
      Properties: {
        Name: 'live',
        FunctionName: { Ref: 'Fn' },
        FunctionVersion: { 'Fn::GetAtt': ['V', 'Version'] },
      },
    },
    Alarm: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: { AlarmName: alarmName, ComparisonOperator: 'x', EvaluationPeriods: 1 },
    },
  },
  Outputs: { Alias: { Value: { Ref: 'Live' } } },
});

function stackWith(op: Operation, base?: StackRecord): StackRecord {
  return {
    ...base,
    stackId: 'arn:stack/s/1',
    stackName: 's',
    status: op.kind === 'CREATE' ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS',
    creationTime: 0,
    templateBody: '',
    template: { Resources: {} },
    parameters: [],
    capabilities: [],
    tags: [],
    outputs: [],
    resources: {},
    rev: 0,
    ...(base ? { resources: base.resources, outputs: base.outputs } : {}),
    operation: op,
  };
}

const operation = (
  kind: 'CREATE' | 'UPDATE',
  t: ProcessedTemplate,
  before: StackRecord['resources'] = {},
): Operation => ({
  kind,
  phase: 'forward',
  templateBody: '',
  template: t,
  parameters: [],
  before: structuredClone(before),
  tasks: {},
});

let clock = 0;
let ids = 0;
const input = () => ({
  now: clock,
  newEventId: () => String(ids++),
  region: 'r',
  accountId: 'a',
  exported: () => undefined,
});

/** Answers an effect as a provider would: versions count up, everything else takes its logical id. */
type Answer = (effect: Effect) => Outcome;
const versions = { n: 0 };
const provider: Answer = (e) => {
  if (e.kind !== 'apply' && e.kind !== 'poll') throw new Error('no');
  const r = e.request;
  const none: Record<string, string> = {};
  if (r.action === 'delete')
    return { kind: 'done', physicalId: r.previous?.physicalId ?? '', attributes: none };
  if (r.type === 'AWS::Lambda::Version') {
    versions.n += 1;
    return { kind: 'done', physicalId: `fn:${versions.n}`, attributes: { Version: String(versions.n) } };
  }
  if (r.type === 'AWS::Lambda::Alias') return { kind: 'done', physicalId: `fn:live`, attributes: none };
  return {
    kind: 'done',
    physicalId: r.type === 'AWS::CloudWatch::Alarm' ? String(r.properties['AlarmName']) : 'fn',
    attributes: none,
  };
};

/** Runs steps until the operation ends, answering each round's effects; returns every round's effects. */
function run(
  stack: StackRecord,
  answer: Answer,
): { stack: StackRecord; rounds: string[][]; events: string[] } {
  const rounds: string[][] = [];
  const events: string[] = [];
  let observations: Observation[] = [];
  for (let i = 0; i < 50 && stack.operation; i++) {
    clock += 1000;
    const result = step(stack, observations, input());
    stack = result.next;
    events.push(...result.events.map((e) => `${e.logicalResourceId} ${e.resourceStatus}`));
    const phase = stack.operation?.phase ?? 'forward';
    rounds.push(result.effects.map((e) => `${e.kind} ${e.request.action} ${e.request.logicalId}`));
    observations = result.effects
      .filter((e) => e.kind !== 'cancel')
      .map((e) => ({ kind: 'outcome', logicalId: e.request.logicalId, phase, outcome: answer(e) }));
  }
  return { stack, rounds, events };
}

describe('a stack operation, step by step', () => {
  it('creates in dependency order, independent resources together, and records outputs', () => {
    versions.n = 0;
    const { stack, rounds, events } = run(stackWith(operation('CREATE', template('a'))), provider);
    expect(rounds.slice(0, 4)).toEqual([
      ['apply create Fn', 'apply create Alarm'],
      ['apply create V'],
      ['apply create Live'],
      [],
    ]);
    expect(stack.status).toBe('CREATE_COMPLETE');
    expect(stack.operation).toBeUndefined();
    expect(stack.outputs).toEqual([{ key: 'Alias', value: 'fn:live' }]);
    expect(events.at(-1)).toBe('s CREATE_COMPLETE');
  });

  it('an update whose alias fails puts every changed resource back and deletes what it made', () => {
    versions.n = 0;
    const created = run(stackWith(operation('CREATE', template('a'))), provider).stack;
    const op = operation('UPDATE', template('b', '2'), created.resources);
    const failing: Answer = (e) =>
      e.kind === 'apply' && e.request.logicalId === 'Live' && !e.request.rollback
        ? { kind: 'failed', reason: 'CodeDeploy deployment d-1 failed' }
        : provider(e);
    const { stack, events } = run(stackWith(op, created), failing);
    expect(stack.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(stack.resources['V']?.physicalId).toBe('fn:1');
    expect(stack.resources['Fn']?.properties['Code']).toEqual({ ZipFile: '1' });
    expect(stack.resources['Alarm']?.physicalId).toBe('a');
    expect(events).toContain('Live UPDATE_FAILED');
    expect(events).toContain('s UPDATE_ROLLBACK_IN_PROGRESS');
    // The replaced alarm's new physical resource and the new version are deleted in the rollback's cleanup.
    expect(events.slice(events.indexOf('s UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'))).toEqual(
      expect.arrayContaining(['Alarm DELETE_COMPLETE', 'V DELETE_COMPLETE', 's UPDATE_ROLLBACK_COMPLETE']),
    );
  });

  it('a waiting change is cancelled when a sibling fails, and its poll ends it', () => {
    versions.n = 0;
    const created = run(stackWith(operation('CREATE', template('a'))), provider).stack;
    const t = template('a', '2');
    t.Resources['Live']!.UpdatePolicy = { CodeDeployLambdaAliasUpdate: {} };
    let cancelled = false;
    const answer: Answer = (e) => {
      const r = e.request;
      if (r.logicalId === 'Live' && !r.rollback && e.kind === 'apply')
        return { kind: 'wait', token: 'd-1', afterMs: 500 };
      if (e.kind === 'poll')
        return cancelled
          ? { kind: 'failed', reason: 'stopped' }
          : { kind: 'wait', token: 'd-1', afterMs: 500 };
      return provider(e);
    };
    let stack = stackWith(operation('UPDATE', t, created.resources), created);
    // Round 1: Fn; 2: V; 3: Live waits.
    const first = run({ ...stack }, answer);
    expect(first.stack.status).toBe('UPDATE_IN_PROGRESS');
    // A sibling fails while Live waits: the step asks to cancel it.
    stack = first.stack;
    stack.operation!.failure = 'Alarm failed';
    clock += 1;
    const result = step(stack, [], input());
    expect(result.effects.map((e) => e.kind)).toContain('cancel');
    cancelled = true;
    expect(run(result.next, answer).stack.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  });

  it('after a restart, the calls that were in flight are made again', () => {
    versions.n = 0;
    const stack = stackWith(operation('CREATE', template('a')));
    const first = step(stack, [], input());
    const resumed = step(first.next, [{ kind: 'resume' }], input());
    expect(resumed.effects.map((e) => `${e.kind} ${e.request.logicalId}`)).toEqual([
      'apply Fn',
      'apply Alarm',
    ]);
  });
});
