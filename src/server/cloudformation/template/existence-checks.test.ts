import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../common/template/yaml.js';
import { earlyProblem } from './early-checks.js';
import { namesToCheck } from './existence-checks.js';
import { samTransform } from './sam.js';

const template = (preference: string, alarmPeriod = 60) => `
Transform: AWS::Serverless-2016-10-31
Resources:
  One:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://b/k
      Handler: index.handler
      Runtime: nodejs20.x
      AutoPublishAlias: live
      DeploymentPreference:
${preference}
  Hook:
    Type: AWS::Serverless::Function
    Properties: { FunctionName: my-hook, CodeUri: s3://b/k, Handler: index.handler, Runtime: nodejs20.x }
  Errors:
    Type: AWS::CloudWatch::Alarm
    Properties:
      { Namespace: AWS/Lambda, MetricName: Errors, Statistic: Sum, Period: ${alarmPeriod}, EvaluationPeriods: 1,
        Threshold: 0, ComparisonOperator: GreaterThanThreshold }
`;
const transformed = (text: string) => samTransform(loadTemplate(text), '000000000000');

describe('names a change set looks for on the server before anything changes', () => {
  it('a custom deployment config and a literal hook name; not SAM types, refs, or functions the template names', () => {
    const out = transformed(
      template(
        '        Type: MyTeamsConfig\n        Hooks: { PreTraffic: nowhere-hook, PostTraffic: my-hook }',
      ),
    );
    expect(namesToCheck(out)).toEqual([
      {
        kind: 'deployment-config',
        logicalId: 'OneDeploymentGroup',
        property: 'DeploymentConfigName',
        name: 'MyTeamsConfig',
      },
      {
        kind: 'hook-function',
        logicalId: 'OneAliaslive',
        property: 'UpdatePolicy.CodeDeployLambdaAliasUpdate.BeforeAllowTrafficHook',
        name: 'nowhere-hook',
      },
    ]);
    expect(
      namesToCheck(
        transformed(
          template('        Type: Linear10PercentEvery1Minute\n        Hooks: { PreTraffic: !Ref Hook }'),
        ),
      ),
    ).toEqual([]);
  });

  it("an alarm's literal Period CloudWatch would refuse fails the change set, in CloudWatch's words", () => {
    expect(earlyProblem(transformed(template('        Type: AllAtOnce', 45)))).toBe(
      'Properties validation failed for resource Errors with message: Period must be 10, 20, 30 or a multiple of 60',
    );
    expect(earlyProblem(transformed(template('        Type: AllAtOnce', 120)))).toBeUndefined();
  });
});
