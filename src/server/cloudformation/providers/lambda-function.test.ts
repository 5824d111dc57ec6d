import {
  GetFunctionCommand,
  ResourceConflictException,
  UpdateFunctionCodeCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import type { ApplyRequest } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { lambdaFunction } from './lambda-function.js';

const props = (key: string) => ({ Code: { S3Bucket: 'code', S3Key: key }, Role: 'r', Runtime: 'nodejs20.x' });

/** An update made again on the node that took a stack over from one killed mid-update. */
const resumed: ApplyRequest = {
  stackName: 's',
  stackId: 'id',
  logicalId: 'A',
  type: 'AWS::Lambda::Function',
  action: 'update',
  properties: props('a2'),
  previous: {
    logicalId: 'A',
    type: 'AWS::Lambda::Function',
    physicalId: 'fn',
    status: 'UPDATE_IN_PROGRESS',
    properties: props('a1'),
    attributes: {},
    dependsOn: [],
    lastUpdated: 0,
  },
  rollback: false,
  nameSeed: 'seed',
};

describe('AWS::Lambda::Function update', () => {
  it('waits out an update the dead node left in progress, then makes its own', async () => {
    const calls: string[] = [];
    let inProgress = true;
    const lambda = {
      send(command: unknown) {
        if (command instanceof UpdateFunctionCodeCommand) {
          calls.push('UpdateFunctionCode');
          if (inProgress) {
            return Promise.reject(
              new ResourceConflictException({
                message: 'The operation cannot be performed at this time. An update is in progress',
                $metadata: {},
              }),
            );
          }
          return Promise.resolve({});
        }
        if (command instanceof GetFunctionCommand) {
          calls.push('GetFunction');
          // The other node's scan settles the stranded update (Registry.settleStranded).
          inProgress = false;
          return Promise.resolve({
            Configuration: { FunctionArn: 'arn:fn', LastUpdateStatus: 'Successful', State: 'Active' },
          });
        }
        throw new Error(`unexpected ${String(command)}`);
      },
    } as unknown as LambdaClient;
    const outcome = await lambdaFunction({ lambda } as ServiceClients).apply(resumed);
    expect(outcome).toEqual({ kind: 'done', physicalId: 'fn', attributes: { Arn: 'arn:fn' } });
    expect(calls).toEqual([
      'UpdateFunctionCode',
      'GetFunction',
      'UpdateFunctionCode',
      'GetFunction',
      'GetFunction',
    ]);
  });
});
