import { describe, expect, it } from 'vitest';
import { invalidDefinitionMessage } from './diagnostics.js';
import { validateDefinition } from './validate.js';

const machine = (states: object, extra: object = {}) =>
  JSON.stringify({ StartAt: Object.keys(states)[0], States: states, ...extra });
const problems = (text: string): string[] => {
  const v = validateDefinition(text);
  return v.ok ? [] : v.diagnostics.map((d) => `${d.code}: ${d.message} at ${d.location}`);
};
const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:Fn';

describe('definitions gradual runs', () => {
  it.each([
    ['Pass with Result', { A: { Type: 'Pass', Result: { x: 1 }, ResultPath: '$.r', End: true } }],
    [
      'Task on a function ARN with a qualifier',
      { A: { Type: 'Task', Resource: `${lambda}:live`, End: true } },
    ],
    [
      'lambda:invoke with Payload and Retry/Catch',
      {
        A: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: lambda, 'Payload.$': '$' },
          Retry: [
            {
              ErrorEquals: ['Lambda.ServiceException'],
              IntervalSeconds: 2,
              MaxAttempts: 6,
              BackoffRate: 2,
              JitterStrategy: 'FULL',
              MaxDelaySeconds: 30,
            },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'B', ResultPath: '$.error' }],
          TimeoutSeconds: 30,
          HeartbeatSeconds: 10,
          Next: 'B',
        },
        B: { Type: 'Succeed' },
      },
    ],
    [
      'waitForTaskToken',
      {
        A: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'Fn', Payload: { 'token.$': '$$.Task.Token' } },
          End: true,
        },
      },
    ],
    ['Wait on a timestamp', { A: { Type: 'Wait', Timestamp: '2026-03-14T01:59:00Z', End: true } }],
    [
      'Choice with nested rules',
      {
        A: {
          Type: 'Choice',
          Choices: [
            {
              And: [{ Variable: '$.a', IsPresent: true }, { Not: { Variable: '$.a', StringMatches: 'x*' } }],
              Next: 'B',
            },
          ],
          Default: 'B',
        },
        B: { Type: 'Fail', ErrorPath: '$.e', CausePath: "States.Format('bad {}', $.a)" },
      },
    ],
    [
      'Parallel and Map (ItemProcessor and Iterator)',
      {
        P: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }],
          Next: 'M',
        },
        M: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemSelector: { 'i.$': '$$.Map.Item.Index' },
          MaxConcurrency: 2,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Y',
            States: { Y: { Type: 'Pass', End: true } },
          },
          Next: 'N',
        },
        N: { Type: 'Map', Iterator: { StartAt: 'Z', States: { Z: { Type: 'Succeed' } } }, End: true },
      },
    ],
  ])('%s', (_name, states) => {
    expect(problems(machine(states))).toEqual([]);
  });
});

describe('refused, with AWS’s codes and the location of each problem', () => {
  it.each<[string, string, string[]]>([
    ['not JSON', '{"StartAt": ', ['INVALID_JSON_DESCRIPTION']],
    ['empty', ' ', ['MISSING_DESCRIPTION: The definition is empty. at /']],
    [
      'a Next to nowhere, and the state it strands',
      machine({ pass1: { Type: 'Pass', Next: 'pass3' }, pass2: { Type: 'Pass', End: true } }),
      [
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next",
        'MISSING_TRANSITION_TARGET: State "pass2" is not reachable. at /States/pass2',
      ],
    ],
    [
      'an unknown Type',
      machine({ ExistingButInvalidState: { Type: 'TypeThatDoesNotExist', End: true } }),
      [
        "SCHEMA_VALIDATION_FAILED: The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map] at /States/ExistingButInvalidState/Type",
      ],
    ],
    [
      'a field the state does not have',
      machine({ A: { Type: 'Pass', End: true, 'Message.$': '$.m' } }),
      ["SCHEMA_VALIDATION_FAILED: Field 'Message.$' is not supported at /States/A"],
    ],
    [
      'Next on a nested Choice rule',
      machine({
        A: { Type: 'Choice', Choices: [{ And: [{ Variable: '$.a', IsNull: true, Next: 'A' }], Next: 'B' }] },
        B: { Type: 'Succeed' },
      }),
      ["SCHEMA_VALIDATION_FAILED: Field 'Next' is not supported at /States/A/Choices[0]/And[0]"],
    ],
    [
      'a bad path in Parameters',
      machine({ A: { Type: 'Pass', Parameters: { 'x.$': 'nope' }, End: true } }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'x.$' must be a valid JSONPath or a valid intrinsic function call at /States/A/Parameters",
      ],
    ],
    [
      'an unknown intrinsic',
      machine({ A: { Type: 'Pass', Parameters: { 'x.$': 'States.Nope($.a)' }, End: true } }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'x.$' must be a valid JSONPath or a valid intrinsic function call at /States/A/Parameters",
      ],
    ],
    [
      'ResultPath that is not a reference path',
      machine({ A: { Type: 'Pass', ResultPath: '$.a[*]', End: true } }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'ResultPath' must be a valid ReferencePath at /States/A/ResultPath",
      ],
    ],
    [
      'neither Next nor End (one problem, reported once)',
      machine({ A: { Type: 'Pass' } }),
      ["SCHEMA_VALIDATION_FAILED: Exactly one of the fields 'Next' or 'End' (true) is required at /States/A"],
    ],
    [
      'a missing required field',
      machine({ A: { Type: 'Task', End: true } }),
      ["SCHEMA_VALIDATION_FAILED: The field 'Resource' is required but was missing at /States/A"],
    ],
    [
      'a wrong type',
      machine({ A: { Type: 'Wait', Seconds: 'ten', End: true } }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'Seconds' must be a NUMBER at /States/A/Seconds"],
    ],
    [
      'two ways to wait',
      machine({ A: { Type: 'Wait', Seconds: 1, SecondsPath: '$.s', End: true } }),
      [
        "SCHEMA_VALIDATION_FAILED: Exactly one of the fields 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath' is required at /States/A",
      ],
    ],
    [
      'States.ALL not alone and not last',
      machine({
        A: {
          Type: 'Task',
          Resource: lambda,
          Catch: [
            { ErrorEquals: ['States.ALL', 'X'], Next: 'A' },
            { ErrorEquals: ['Y'], Next: 'A' },
          ],
          End: true,
        },
      }),
      [
        'SCHEMA_VALIDATION_FAILED: States.ALL must appear alone in ErrorEquals at /States/A/Catch[0]',
        'SCHEMA_VALIDATION_FAILED: A Catcher with States.ALL must be the last one at /States/A/Catch[0]',
      ],
    ],
    [
      'a Catch to nowhere',
      machine({
        A: { Type: 'Task', Resource: lambda, Catch: [{ ErrorEquals: ['X'], Next: 'Gone' }], End: true },
      }),
      ["MISSING_TRANSITION_TARGET: Missing 'Next' target: Gone at /States/A/Catch[0]/Next"],
    ],
    [
      'a resource that is not an ARN',
      machine({ A: { Type: 'Task', Resource: 'createToken', End: true } }),
      [
        'SCHEMA_VALIDATION_FAILED: The resource provided createToken is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/A/Resource',
      ],
    ],
    [
      'another AWS service, refused by name',
      machine({ A: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } }),
      [
        'SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::sqs:sendMessage is not supported by gradual, which runs Lambda functions only (a function ARN, or arn:aws:states:::lambda:invoke with or without .waitForTaskToken). at /States/A/Resource',
      ],
    ],
    [
      'lambda:invoke without FunctionName, with a field Invoke does not have',
      machine({
        A: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { Payload: {}, Foo: 1 },
          End: true,
        },
      }),
      [
        "SCHEMA_VALIDATION_FAILED: The field 'FunctionName' is required but was missing at /States/A/Parameters",
        "SCHEMA_VALIDATION_FAILED: The field 'Foo' is not supported by Step Functions at /States/A/Parameters",
      ],
    ],
    [
      'distributed Map, refused by name',
      machine({
        M: {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:getObject' },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Y',
            States: { Y: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      }),
      [
        "SCHEMA_VALIDATION_FAILED: The field 'ItemReader' is not supported by gradual (it needs distributed Map) at /States/M/ItemReader",
        "SCHEMA_VALIDATION_FAILED: The field 'ExecutionType' is not supported by gradual (it needs distributed Map) at /States/M/ItemProcessor/ProcessorConfig",
        "SCHEMA_VALIDATION_FAILED: The field 'Mode' with value 'DISTRIBUTED' is not supported by gradual (only INLINE) at /States/M/ItemProcessor/ProcessorConfig/Mode",
      ],
    ],
    [
      'JSONata and variables, refused by name',
      machine({ A: { Type: 'Pass', Assign: { x: 1 }, End: true } }, { QueryLanguage: 'JSONata' }),
      [
        "SCHEMA_VALIDATION_FAILED: The field 'QueryLanguage' with value 'JSONata' is not supported by gradual (it needs JSONata) at /QueryLanguage",
        "SCHEMA_VALIDATION_FAILED: The field 'Assign' is not supported by gradual (it needs workflow variables) at /States/A/Assign",
      ],
    ],
    [
      'a state name used twice (in a branch)',
      machine({
        A: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }],
          End: true,
        },
      }),
      ['DUPLICATE_STATE_NAME: Duplicate State name: A at /States/A/Branches[0]/States/A'],
    ],
    [
      'a branch that cannot reach outside itself',
      machine({
        P: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', Next: 'Q' } } }],
          Next: 'Q',
        },
        Q: { Type: 'Succeed' },
      }),
      [
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: Q at /States/P/Branches[0]/States/X/Next",
        'MISSING_END_STATE: Workflow has no terminal state. at /States/P/Branches[0]/States',
      ],
    ],
    [
      'a bad Choice operand',
      machine({
        A: { Type: 'Choice', Choices: [{ Variable: '$.t', TimestampEquals: 'yesterday', Next: 'B' }] },
        B: { Type: 'Succeed' },
      }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'TimestampEquals' must be a valid ISO 8601 timestamp at /States/A/Choices[0]/TimestampEquals",
      ],
    ],
    [
      'a Choice rule with two operators',
      machine({
        A: { Type: 'Choice', Choices: [{ Variable: '$.t', IsNull: true, IsPresent: true, Next: 'B' }] },
        B: { Type: 'Succeed' },
      }),
      [
        'SCHEMA_VALIDATION_FAILED: A choice rule must have either one comparison operator with a Variable, or one of And, Or, Not at /States/A/Choices[0]',
      ],
    ],
    [
      'HeartbeatSeconds not under TimeoutSeconds',
      machine({ A: { Type: 'Task', Resource: lambda, TimeoutSeconds: 10, HeartbeatSeconds: 10, End: true } }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds' at /States/A/HeartbeatSeconds",
      ],
    ],
  ])('%s', (_name, text, expected) => {
    const found = problems(text);
    if (expected.length === 1 && !expected[0]!.includes(' at '))
      expect(found[0]).toMatch(new RegExp(`^${expected[0]}`));
    else expect(found).toEqual(expected);
  });

  it('CreateStateMachine’s message joins them as AWS does', () => {
    const v = validateDefinition(
      machine({ pass1: { Type: 'Pass', Next: 'pass3' }, pass2: { Type: 'Pass', End: true } }),
    );
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(invalidDefinitionMessage(v.diagnostics)).toBe(
        "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next, MISSING_TRANSITION_TARGET: State \"pass2\" is not reachable. at /States/pass2'",
      );
    }
  });
});
