import { describe, expect, it } from 'vitest';
import type { ChoiceRule, Machine } from '../states/definition/types.js';
import { NODE_HEIGHT, NODE_WIDTH, ruleLabel, stateGraph } from './state-graph.js';

const task = (next?: string) => ({
  Type: 'Task' as const,
  Resource: 'arn:aws:lambda:us-east-1:0:function:f',
  ...(next ? { Next: next } : { End: true }),
});

/** Seed 003's DeployStateMachine, its transitions only. */
const seed: Machine = {
  StartAt: 'CalculateWeights',
  States: {
    CalculateWeights: task('UpdateWeight'),
    UpdateWeight: task('Wait'),
    Wait: { Type: 'Wait', SecondsPath: '$.interval', Next: 'HealthCheck' },
    HealthCheck: task('VerifyHealthCheck'),
    VerifyHealthCheck: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.status', StringEquals: 'FAILED', Next: 'Rollback' },
        { Variable: '$.status', StringEquals: 'SUCCEEDED', Next: 'IsFullyWeighted' },
      ],
      Default: 'Rollback',
    },
    IsFullyWeighted: {
      Type: 'Choice',
      Choices: [{ Variable: '$.current-weight', NumericEquals: 1, Next: 'Finalize' }],
      Default: 'UpdateWeight',
    },
    Rollback: task('Fail'),
    Fail: { Type: 'Fail', Error: 'HealthCheck returned FAILED', Cause: 'Function deployment failed' },
    Finalize: task(),
  },
};

describe('the state graph', () => {
  it('puts each state in a row by its distance from StartAt, and loops around the side', () => {
    const g = stateGraph(seed);
    const layers = Object.fromEntries(g.nodes.map((n) => [n.name, n.layer]));
    expect(layers).toEqual({
      CalculateWeights: 0,
      UpdateWeight: 1,
      Wait: 2,
      HealthCheck: 3,
      VerifyHealthCheck: 4,
      Rollback: 5,
      IsFullyWeighted: 5,
      Fail: 6,
      Finalize: 6,
    });
    expect(g.edges.map((e) => [e.from, e.to, e.kind, e.label ?? '', e.back])).toEqual([
      ['CalculateWeights', 'UpdateWeight', 'next', '', false],
      ['UpdateWeight', 'Wait', 'next', '', false],
      ['Wait', 'HealthCheck', 'next', '', false],
      ['HealthCheck', 'VerifyHealthCheck', 'next', '', false],
      ['VerifyHealthCheck', 'Rollback', 'choice', '$.status == "FAILED" · Default', false],
      ['VerifyHealthCheck', 'IsFullyWeighted', 'choice', '$.status == "SUCCEEDED"', false],
      ['Rollback', 'Fail', 'next', '', false],
      ['IsFullyWeighted', 'Finalize', 'choice', '$.current-weight == 1', false],
      ['IsFullyWeighted', 'UpdateWeight', 'default', 'Default', true],
    ]);
    // No two states overlap, and everything fits in the drawing.
    for (const a of g.nodes) {
      expect(a.x + NODE_WIDTH).toBeLessThanOrEqual(g.width);
      expect(a.y + NODE_HEIGHT).toBeLessThanOrEqual(g.height);
      for (const b of g.nodes) {
        if (a === b) continue;
        const apart =
          a.x + NODE_WIDTH <= b.x ||
          b.x + NODE_WIDTH <= a.x ||
          a.y + NODE_HEIGHT <= b.y ||
          b.y + NODE_HEIGHT <= a.y;
        expect(apart, `${a.name} and ${b.name}`).toBe(true);
      }
    }
    // The loop back to UpdateWeight leaves from the right of IsFullyWeighted and enters UpdateWeight's right.
    const loop = g.edges.find((e) => e.back)!;
    const from = g.nodes.find((n) => n.name === 'IsFullyWeighted')!;
    const to = g.nodes.find((n) => n.name === 'UpdateWeight')!;
    const lane = Math.max(...g.nodes.map((n) => n.x + NODE_WIDTH)) + 22;
    const [y1, y2] = [from.y + NODE_HEIGHT / 2, to.y + NODE_HEIGHT / 2];
    expect(loop.path).toBe(
      `M${from.x + NODE_WIDTH} ${y1} C${lane} ${y1} ${lane} ${y2} ${to.x + NODE_WIDTH} ${y2}`,
    );
    expect(g.width).toBeGreaterThan(lane);
  });

  it('draws Parallel and Map states with what runs inside, and catches as edges', () => {
    const g = stateGraph({
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Oops' }],
          Next: 'Each',
        },
        Each: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'X', States: { X: { Type: 'Pass', Next: 'Y' }, Y: { Type: 'Succeed' } } },
          End: true,
        },
        Oops: { Type: 'Fail' },
        Orphan: { Type: 'Succeed' },
      },
    });
    expect(g.nodes.map((n) => [n.name, n.layer, n.subtitle])).toEqual([
      ['Both', 0, '2 branches: A, B'],
      ['Each', 1, 'each item: X → Y'],
      ['Oops', 1, undefined],
      ['Orphan', 2, undefined],
    ]);
    expect(g.edges.map((e) => [e.to, e.kind, e.label])).toEqual([
      ['Each', 'next', undefined],
      ['Oops', 'catch', 'catch States.ALL'],
    ]);
  });

  it.each<[string, ChoiceRule]>([
    ['$.n >= 10', { Variable: '$.n', NumericGreaterThanEquals: 10 }],
    ['$.n < $.max', { Variable: '$.n', NumericLessThanPath: '$.max' }],
    ['$.t > "2026-01-01T00:00:00Z"', { Variable: '$.t', TimestampGreaterThan: '2026-01-01T00:00:00Z' }],
    ['$.x is not present', { Variable: '$.x', IsPresent: false }],
    ['$.x is null', { Variable: '$.x', IsNull: true }],
    ['$.s matches "log-*.txt"', { Variable: '$.s', StringMatches: 'log-*.txt' }],
    ['not $.ok == true', { Not: { Variable: '$.ok', BooleanEquals: true } }],
    [
      'and (2 rules)',
      {
        And: [
          { Variable: '$.a', IsString: true },
          { Variable: '$.b', IsNumeric: true },
        ],
      },
    ],
  ])('labels a rule as %s', (label, rule) => expect(ruleLabel(rule)).toBe(label));
});
