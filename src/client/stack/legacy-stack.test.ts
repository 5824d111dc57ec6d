import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { functionNames, legacyFunctions } from './legacy-stack.js';

const template = {
  Resources: {
    A: { Type: 'AWS::Serverless::Function', Properties: { FunctionName: 'app-A' } },
    B: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'app-B' } },
    C: { Type: 'AWS::Serverless::Function', Properties: { FunctionName: { 'Fn::Sub': '${X}' } } },
    D: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'app-D' } },
  },
};

/** A CloudFormation that has `stacks` and a Lambda whose functions carry `tags`. */
function clients(stacks: Record<string, string>, tags: Record<string, Record<string, string>>) {
  const notFound = (message: string, name: string) => Object.assign(new Error(message), { name });
  const cfn = {
    send: (c: { input: { StackName: string } }) => {
      const status = stacks[c.input.StackName];
      if (!status)
        return Promise.reject(
          notFound(`Stack with id ${c.input.StackName} does not exist`, 'ValidationError'),
        );
      return Promise.resolve({ Stacks: [{ StackStatus: status }] });
    },
  } as unknown as CloudFormationClient;
  const lambda = {
    send: (c: { input: { FunctionName: string } }) => {
      const found = tags[c.input.FunctionName];
      if (!found) return Promise.reject(notFound('Function not found', 'ResourceNotFoundException'));
      return Promise.resolve({ Tags: found });
    },
  } as unknown as LambdaClient;
  return { cfn, lambda };
}

describe('a stack made by the client-side deployer', () => {
  it("names the template's functions given literally", () => {
    expect(functionNames(template)).toEqual(['app-A', 'app-B']);
  });

  it('is known by its functions carrying the stack tag, with no CloudFormation stack of the name', async () => {
    const tagged = { 'app-A': { 'gradual:stack': 'app' }, 'app-B': { 'gradual:stack': 'other' } };
    expect(await legacyFunctions(clients({}, tagged), 'app', ['app-A', 'app-B', 'app-C'])).toEqual(['app-A']);
    // A stack only under review (a first change set that failed) is not a CloudFormation stack yet.
    expect(await legacyFunctions(clients({ app: 'REVIEW_IN_PROGRESS' }, tagged), 'app', ['app-A'])).toEqual([
      'app-A',
    ]);
  });

  it('is not one when a CloudFormation stack has the name, or nothing carries the tag', async () => {
    const tagged = { 'app-A': { 'gradual:stack': 'app' } };
    expect(await legacyFunctions(clients({ app: 'UPDATE_COMPLETE' }, tagged), 'app', ['app-A'])).toEqual([]);
    expect(await legacyFunctions(clients({}, { 'app-A': {} }), 'app', ['app-A'])).toEqual([]);
  });
});
