import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../common/clock.js';
import { silentLog } from '../../../common/log.js';
import { seededRandom } from '../../../common/random.js';
import { ExecutionEngine } from '../../states/engine.js';
import { MemoryStatesStore } from '../../states/memory-store.js';
import type { LambdaInvoker } from '../../states/ports.js';
import type { RpcEndpoint } from '../endpoint.js';
import { jsonCall } from '../test-support/rpc-client.js';
import { stepFunctionsEndpoint } from './endpoint.js';

const ROLE = 'arn:aws:iam::123456789012:role/states';
const PASS = JSON.stringify({
  StartAt: 'Greet',
  States: { Greet: { Type: 'Pass', Parameters: { 'hello.$': '$.name' }, End: true } },
});

/** No machine here calls a function. */
const noFunctions: LambdaInvoker = {
  invoke: () => Promise.reject(new Error('no function is invoked in these tests')),
};

let engine: ExecutionEngine;
let endpoint: RpcEndpoint;
const call = (operation: string, input: unknown) =>
  jsonCall(endpoint, `AWSStepFunctions.${operation}`, input, '1.0');

async function refused(operation: string, input: unknown, expected = 400): Promise<[string, string]> {
  const { status, body } = await call(operation, input);
  expect(status).toBe(expected);
  const error = body as { __type: string; message: string };
  return [error.__type, error.message];
}

beforeEach(async () => {
  const store = new MemoryStatesStore();
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const random = seededRandom(3);
  const place = { region: 'us-east-1', accountId: '123456789012' };
  engine = new ExecutionEngine({
    store,
    clock,
    random,
    log: silentLog,
    invoker: noFunctions,
    metrics: undefined,
    region: place.region,
  });
  await engine.start();
  endpoint = stepFunctionsEndpoint({
    store,
    engine,
    clock,
    random,
    place,
    sync: {
      store,
      clock,
      random,
      invoker: noFunctions,
      metrics: undefined,
      place,
      definitionOf: (text) => engine.definitionOf(text),
    },
  });
});

afterEach(() => engine.close());

describe('Step Functions on the shared operation shape (AWS JSON 1.0)', () => {
  it('creates and describes a machine, and runs an express one synchronously', async () => {
    const created = await call('CreateStateMachine', {
      name: 'Hello',
      definition: PASS,
      roleArn: ROLE,
      type: 'EXPRESS',
    });
    expect(created.status).toBe(200);
    const { stateMachineArn, creationDate } = created.body as {
      stateMachineArn: string;
      creationDate: number;
    };
    expect(stateMachineArn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:Hello');
    expect(creationDate).toBe(Date.UTC(2026, 0, 1) / 1000);
    const described = await call('DescribeStateMachine', { stateMachineArn });
    expect(described.body).toMatchObject({ name: 'Hello', type: 'EXPRESS', definition: PASS, roleArn: ROLE });
    const run = await call('StartSyncExecution', { stateMachineArn, input: '{"name":"Ada"}' });
    expect(run.body).toMatchObject({ status: 'SUCCEEDED', output: '{"hello":"Ada"}' });
  });

  it.each([
    [
      'CreateStateMachine',
      { definition: PASS, roleArn: ROLE },
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    ],
    [
      'ListStateMachines',
      { maxResults: 1001 },
      "1 validation error detected: Value 1001 at 'maxResults' failed to satisfy constraint: Too big: expected number to be <=1000",
    ],
  ])('refuses %s %j with a ValidationException', async (operation, input, message) => {
    expect(await refused(operation, input)).toEqual(['ValidationException', message]);
  });

  it('refuses a body that is not an object, and an operation it does not serve', async () => {
    expect(await refused('ListStateMachines', [])).toEqual([
      'SerializationException',
      'Start of structure or map found where not expected.',
    ]);
    expect(await refused('CreateActivity', { name: 'a' }, 404)).toEqual([
      'UnknownOperationException',
      'Step Functions has no operation CreateActivity in gradual.',
    ]);
  });

  it('names the call for authorization', () => {
    const body = Buffer.from(JSON.stringify({ stateMachineArn: 'x' }));
    const request = {
      method: 'POST',
      rawPath: '/',
      rawQuery: '',
      headers: { 'x-amz-target': 'AWSStepFunctions.DescribeStateMachine' },
      body,
    };
    expect(endpoint.operation(request)).toEqual({
      service: 'states',
      operation: 'DescribeStateMachine',
      input: { stateMachineArn: 'x' },
    });
  });
});
