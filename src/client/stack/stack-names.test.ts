import { describe, expect, it } from 'vitest';
import { nameResources } from './stack-names.js';

describe("gradual deploy's names for unnamed functions and alarms", () => {
  it('names them <stack>-<LogicalId>, leaving named ones and other types alone', () => {
    const template = {
      Resources: {
        Api: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'i.h' } },
        Named: { Type: 'AWS::Serverless::Function', Properties: { FunctionName: 'mine' } },
        Bare: { Type: 'AWS::Lambda::Function' },
        Errors: { Type: 'AWS::CloudWatch::Alarm', Properties: { Threshold: 0 } },
        Role: { Type: 'AWS::IAM::Role', Properties: {} },
      },
    };
    expect(nameResources(template, 'hello')).toEqual(['Api', 'Bare', 'Errors']);
    expect(template.Resources.Api.Properties).toEqual({ Handler: 'i.h', FunctionName: 'hello-Api' });
    expect(template.Resources.Named.Properties).toEqual({ FunctionName: 'mine' });
    expect(template.Resources.Bare).toEqual({
      Type: 'AWS::Lambda::Function',
      Properties: { FunctionName: 'hello-Bare' },
    });
    expect(template.Resources.Errors.Properties).toEqual({ Threshold: 0, AlarmName: 'hello-Errors' });
    expect(template.Resources.Role.Properties).toEqual({});
  });

  it("cuts a function's name to Lambda's 64 characters", () => {
    const template = { Resources: { F: { Type: 'AWS::Serverless::Function', Properties: {} } } };
    nameResources(template, 's'.repeat(70));
    expect((template.Resources.F.Properties as { FunctionName: string }).FunctionName).toHaveLength(64);
  });
});
