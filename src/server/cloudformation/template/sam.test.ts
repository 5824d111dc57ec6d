import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../common/template/yaml.js';
import { prepareTemplate } from './prepare.js';
import { samTransform } from './sam.js';

const seed = readFileSync(
  resolve(import.meta.dirname, '../../../../examples/seed-000-sam/template.yaml'),
  'utf8',
).replace(/CodeUri: (\S+)/g, 'CodeUri: s3://bucket/$1');

describe("SAM's transform, server-side", () => {
  it("turns seed 000's functions into a function, a version, an alias with CodeDeploy's update policy", () => {
    const out = samTransform(loadTemplate(seed), '000000000000');
    const ids = Object.keys(out.Resources);
    const version = ids.find((id) => /^MyLambdaFunctionVersion[0-9a-f]{10}$/.test(id))!;
    expect(out.Resources['MyLambdaFunction']?.Properties?.['Code']).toEqual({
      S3Bucket: 'bucket',
      S3Key: 'src/',
    });
    expect(out.Resources[version]).toMatchObject({ Type: 'AWS::Lambda::Version', DeletionPolicy: 'Retain' });
    expect(out.Resources['MyLambdaFunctionAliaslive']).toMatchObject({
      Type: 'AWS::Lambda::Alias',
      Properties: { FunctionVersion: { 'Fn::GetAtt': [version, 'Version'] } },
      UpdatePolicy: {
        CodeDeployLambdaAliasUpdate: {
          ApplicationName: { Ref: 'ServerlessDeploymentApplication' },
          DeploymentGroupName: { Ref: 'MyLambdaFunctionDeploymentGroup' },
          BeforeAllowTrafficHook: { Ref: 'PreTrafficLambdaFunction' },
          AfterAllowTrafficHook: { Ref: 'PostTrafficLambdaFunction' },
        },
      },
    });
    expect(out.Resources['MyLambdaFunctionDeploymentGroup']?.Properties).toMatchObject({
      DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent10Minutes',
      AlarmConfiguration: {
        Enabled: true,
        Alarms: [
          { Name: { Ref: 'AliasErrorMetricGreaterThanZeroAlarm' } },
          { Name: { Ref: 'LatestVersionErrorMetricGreaterThanZeroAlarm' } },
        ],
      },
    });
    // Hooks with `Enabled: false` get no alias of their own; each function its execution role.
    expect(ids.filter((id) => id.startsWith('PreTrafficLambdaFunction')).sort()).toEqual([
      'PreTrafficLambdaFunction',
      'PreTrafficLambdaFunctionRole',
    ]);
    expect(out.Resources['PreTrafficLambdaFunction']?.Properties?.['Role']).toEqual({
      'Fn::GetAtt': ['PreTrafficLambdaFunctionRole', 'Arn'],
    });
    expect(out.Resources['PreTrafficLambdaFunctionRole']).toMatchObject({
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] } }],
        },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        Policies: [{ PolicyName: 'PreTrafficLambdaFunctionRolePolicy0' }],
      },
    });
    expect(out.Outputs?.['LiveAlias']).toEqual({ Value: { Ref: 'MyLambdaFunctionAliaslive' } });
  });

  it('publishes on any change of the function: the version is named by a hash of its properties', () => {
    const a = samTransform(loadTemplate(seed), '0');
    const b = samTransform(
      loadTemplate(seed.replace('CodeUri: hooks/\n      Timeout: 30', 'CodeUri: hooks/\n      Timeout: 31')),
      '0',
    );
    const c = samTransform(
      loadTemplate(seed.replace('CodeUri: s3://bucket/src/', 'CodeUri: s3://bucket/other')),
      '0',
    );
    const versionOf = (t: typeof a): string =>
      Object.keys(t.Resources).find((id) => id.startsWith('MyLambdaFunctionVersion'))!;
    expect(versionOf(b)).toBe(versionOf(a)); // a hook's timeout is not this function's
    expect(versionOf(c)).not.toBe(versionOf(a));
  });

  it('needs CAPABILITY_IAM for functions without a Role, and names what it cannot carry out', () => {
    expect(prepareTemplate(seed, '0').needs).toEqual(['CAPABILITY_IAM']);
    const withRoles = seed.replace(/ {6}Policies:\n( {8}.*\n)+/g, '      Role: arn:aws:iam::0:role/r\n');
    expect(withRoles).not.toMatch(/Policies:/);
    expect(
      prepareTemplate(
        withRoles.replace(
          '      Handler: index.handler',
          '      Handler: index.handler\n      Role: arn:aws:iam::0:role/r',
        ),
        '0',
      ).needs,
    ).toEqual([]);
    const templated = seed.replace(
      / {6}Policies:\n( {8}.*\n)+/,
      '      Policies:\n        - S3ReadPolicy: { BucketName: b }\n',
    );
    expect(prepareTemplate(templated, '0').problem).toMatch(
      /Policies\[0\]: the policy template S3ReadPolicy is not supported by gradual/,
    );
    const layered = seed.replace('Handler: index.handler', 'Handler: index.handler\n      Layers: [x]');
    expect(prepareTemplate(layered, '0').problem).toMatch(
      /Resources\.MyLambdaFunction\.Properties\.Layers: not supported by gradual/,
    );
    const misspelt = seed.replace('Handler: index.handler', 'Handlr: index.handler');
    expect(prepareTemplate(misspelt, '0').problem).toContain(
      'Resources.MyLambdaFunction.Properties.Handlr: unknown to SAM (AWS::Serverless::Function) (did you mean Handler?)',
    );
  });
});

describe('values checked when the change set is made', () => {
  it('a bad Runtime fails the change set, naming the resource and the runtimes Lambda has', () => {
    const prepared = prepareTemplate(
      seed.replace('Runtime: nodejs20.x', 'Runtime: nodejs99.x'),
      '000000000000',
    );
    expect(prepared.problem).toMatch(
      /^Properties validation failed for resource MyLambdaFunction with message: Value nodejs99.x at 'runtime' failed to satisfy constraint/,
    );
  });

  it("a near miss of SAM's deployment types fails the transform, with the type meant", () => {
    const prepared = prepareTemplate(
      seed.replace('Type: Canary10Percent10Minutes', 'Type: Canary10Percent10Minute'),
      '000000000000',
    );
    expect(prepared.problem).toContain(
      'Resources.MyLambdaFunction.Properties.DeploymentPreference.Type: Canary10Percent10Minute is not a SAM deployment type (did you mean Canary10Percent10Minutes?)',
    );
  });

  it('a custom config name passes through to CodeDeploy', () => {
    const prepared = prepareTemplate(
      seed.replace('Type: Canary10Percent10Minutes', 'Type: MyCompany.Slow'),
      '000000000000',
    );
    expect(prepared.problem).toBeUndefined();
    expect(
      prepared.template.Resources['MyLambdaFunctionDeploymentGroup']?.Properties?.['DeploymentConfigName'],
    ).toBe('MyCompany.Slow');
  });
});
