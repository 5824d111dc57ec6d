import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TemplateError } from '../../common/template/errors.js';
import { parseOverrides } from '../../common/template/parameters.js';
import { deferredOutputs, planTemplate } from './template.js';

const dir = mkdtempSync(join(tmpdir(), 'gradual-template-'));
mkdirSync(join(dir, 'src'));
writeFileSync(join(dir, 'src', 'index.js'), 'exports.handler = async () => 1;');
writeFileSync(join(dir, 'code.zip'), 'PK');
writeFileSync(join(dir, 'notes.txt'), 'x');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A property line giving Fn an alias, for tests that need one. */
const ALIAS = '      AutoPublishAlias: live\n';
const HEAD = '# SAM\nTransform: AWS::Serverless-2016-10-31\n';
const FN = `  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: index.handler
      Runtime: nodejs20.x
`;

function plan(body: string, overrides: Record<string, string> = {}) {
  return planTemplate(body.startsWith('#') ? body : HEAD + body, {
    stackName: 'shop',
    region: 'eu-west-1',
    accountId: '123456789012',
    baseDir: dir,
    parameterOverrides: overrides,
  });
}

/** Fn with `extra` property lines (6-space indented), replacing the base lines they name. */
function fnWith(extra: string, before = ''): string {
  const keyOf = (line: string): string | undefined => /^ {6}(\w+):/.exec(line)?.[1];
  const overridden = new Set(extra.split('\n').map(keyOf).filter(Boolean));
  const base = FN.split('\n')
    .filter((line) => !overridden.has(keyOf(line)))
    .join('\n');
  return `${before}Resources:\n${base}${extra}`;
}

function env(
  variables: string,
  before = '',
  overrides: Record<string, string> = {},
  properties = '',
): Record<string, string> {
  const body = fnWith(`${properties}      Environment:\n        Variables:\n${variables}`, before);
  return plan(body, overrides).functions[0]!.environment;
}

function failure(body: string, overrides: Record<string, string> = {}): string {
  try {
    plan(body, overrides);
  } catch (e) {
    if (e instanceof TemplateError) return e.message;
    throw e;
  }
  throw new Error('expected a TemplateError');
}

describe('a minimal SAM function', () => {
  it('plans the function with a default name and absolute CodeUri', () => {
    const p = plan(fnWith(''));
    expect(p.applicationName).toBe('shop-ServerlessDeploymentApplication');
    expect(p.functions).toEqual([
      {
        logicalId: 'Fn',
        name: 'shop-Fn',
        codeUri: join(dir, 'src'),
        handler: 'index.handler',
        runtime: 'nodejs20.x',
        environment: {},
        tags: {},
        events: [],
        executionRole: { kind: 'created', managed: [], inline: [] },
      },
    ]);
    expect(p.alarms).toEqual([]);
  });

  it('reads every supported property, a zip CodeUri and a DeploymentPreference', () => {
    const p = plan(
      fnWith(`      CodeUri: code.zip
      FunctionName: orders
      MemorySize: 256
      Timeout: "30"
      Description: Orders
      ReservedConcurrentExecutions: 5
      Tags: { team: shop }
      AutoPublishAlias: live
      AutoPublishCodeSha256: abc123
      DeploymentPreference:
        Type: Linear10PercentEvery2Minutes
        Alarms: [!Ref Errors]
        Hooks: { PreTraffic: !Ref Pre, PostTraffic: post-hook }
  Pre:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: src, Handler: pre.handler, Runtime: python3.11 }
  Errors:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/Lambda
      MetricName: Errors
      Statistic: Sum
      Period: "60"
      EvaluationPeriods: 1
      Threshold: 0
      ComparisonOperator: GreaterThanThreshold
      TreatMissingData: notBreaching
      Dimensions:
        - { Name: FunctionName, Value: !Ref Fn }
        - { Name: Resource, Value: !Sub "\${Fn}:live" }
`),
    );
    expect(p.functions[0]).toMatchObject({
      name: 'orders',
      codeUri: join(dir, 'code.zip'),
      memorySize: 256,
      timeout: 30,
      description: 'Orders abc123',
      reservedConcurrency: 5,
      tags: { team: 'shop' },
      autoPublishAlias: 'live',
      deployment: {
        configName: 'CodeDeployDefault.LambdaLinear10PercentEvery2Minutes',
        groupName: 'shop-FnDeploymentGroup',
        alarms: ['shop-Errors'],
        preTraffic: 'shop-Pre',
        postTraffic: 'post-hook',
      },
    });
    expect(p.alarms).toEqual([
      {
        logicalId: 'Errors',
        name: 'shop-Errors',
        properties: {
          AlarmName: 'shop-Errors',
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Statistic: 'Sum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
          Dimensions: [
            { Name: 'FunctionName', Value: 'orders' },
            { Name: 'Resource', Value: 'orders:live' },
          ],
        },
      },
    ]);
  });

  it.each([
    ['Canary10Percent5Minutes', 'CodeDeployDefault.LambdaCanary10Percent5Minutes'],
    ['Canary10Percent10Minutes', 'CodeDeployDefault.LambdaCanary10Percent10Minutes'],
    ['Canary10Percent15Minutes', 'CodeDeployDefault.LambdaCanary10Percent15Minutes'],
    ['Canary10Percent30Minutes', 'CodeDeployDefault.LambdaCanary10Percent30Minutes'],
    ['Linear10PercentEvery1Minute', 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute'],
    ['Linear10PercentEvery2Minutes', 'CodeDeployDefault.LambdaLinear10PercentEvery2Minutes'],
    ['Linear10PercentEvery3Minutes', 'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes'],
    ['Linear10PercentEvery10Minutes', 'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes'],
    ['AllAtOnce', 'CodeDeployDefault.LambdaAllAtOnce'],
    ['MyCustomConfig', 'MyCustomConfig'],
  ])('DeploymentPreference Type %s becomes %s', (type, config) => {
    const p = plan(fnWith(`      AutoPublishAlias: live\n      DeploymentPreference: { Type: ${type} }\n`));
    expect(p.functions[0]!.deployment?.configName).toBe(config);
  });

  it.each([false, '"false"', 'False'])('DeploymentPreference Enabled %s disables it', (value) => {
    const p = plan(
      fnWith(
        `      AutoPublishAlias: live\n      DeploymentPreference: { Type: AllAtOnce, Enabled: ${value} }\n`,
      ),
    );
    expect(p.functions[0]!.deployment).toBeUndefined();
    expect(p.functions[0]!.autoPublishAlias).toBe('live');
  });

  it('merges Globals.Function as SAM does: maps merged, scalars overridden, lists concatenated', () => {
    const p = plan(
      `Globals:
  Function:
    Runtime: python3.11
    Timeout: 3
    Environment: { Variables: { AA: global, BB: global } }
    AutoPublishAlias: live
    DeploymentPreference: { Type: Canary10Percent5Minutes, Alarms: [one] }
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src
      Handler: app.handler
      Timeout: 10
      Environment: { Variables: { BB: local } }
      DeploymentPreference: { Alarms: [two] }
`,
    );
    expect(p.functions[0]).toMatchObject({
      runtime: 'python3.11',
      timeout: 10,
      environment: { AA: 'global', BB: 'local' },
      autoPublishAlias: 'live',
      deployment: { configName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes', alarms: ['one', 'two'] },
    });
  });

  it('reads Api and HttpApi events and FunctionUrlConfig', () => {
    const p = plan(
      fnWith(`      Events:
        Get: { Type: Api, Properties: { Path: /orders, Method: get } }
        All: { Type: HttpApi }
        Pet: { Type: HttpApi, Properties: { Path: "/pets/{id}", Method: get } }
      FunctionUrlConfig: { AuthType: NONE, Cors: { AllowOrigins: ["*"] } }
`),
    );
    expect(p.functions[0]!.events).toEqual([
      {
        path: 'Resources.Fn.Properties.Events.Get',
        name: 'Get',
        type: 'Api',
        routePath: '/orders',
        method: 'GET',
      },
      { path: 'Resources.Fn.Properties.Events.All', name: 'All', type: 'HttpApi' },
      {
        path: 'Resources.Fn.Properties.Events.Pet',
        name: 'Pet',
        type: 'HttpApi',
        routePath: '/pets/{id}',
        method: 'GET',
      },
    ]);
    expect(p.functions[0]!.functionUrl).toEqual({
      path: 'Resources.Fn.Properties.FunctionUrlConfig',
      authType: 'NONE',
      cors: { AllowOrigins: ['*'] },
    });
  });

  it('reads Policies into the role SAM creates, and Role as an existing one', () => {
    const created = plan(
      fnWith(
        "      Policies:\n        - AWSLambdaRole\n        - arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess\n        - Statement: [{ Effect: Allow, Action: 'codedeploy:PutLifecycleEventHookExecutionStatus', Resource: '*' }]\n",
      ),
    );
    expect(created.warnings).toEqual([]);
    expect(created.functions[0]!.executionRole).toEqual({
      kind: 'created',
      managed: ['AWSLambdaRole', 'arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess'],
      inline: [
        {
          Statement: [
            { Effect: 'Allow', Action: 'codedeploy:PutLifecycleEventHookExecutionStatus', Resource: '*' },
          ],
        },
      ],
    });
    expect(plan(fnWith('')).functions[0]!.executionRole).toEqual({
      kind: 'created',
      managed: [],
      inline: [],
    });
    expect(
      plan(fnWith("      Role: !Sub 'arn:aws:iam::${AWS::AccountId}:role/mine'\n")).functions[0]!
        .executionRole,
    ).toMatchObject({
      kind: 'existing',
    });
  });

  it('refuses SAM policy templates by name', () => {
    expect(() => plan(fnWith('      Policies:\n        - SQSPollerPolicy: { QueueName: q }\n'))).toThrow(
      'the policy template SQSPollerPolicy is not supported by gradual',
    );
  });

  it('resolves Outputs, skipping those whose Condition is false', () => {
    const p = plan(
      fnWith('', '') +
        `Conditions:\n  Never: !Equals [a, b]\nOutputs:\n  FnArn: { Value: !GetAtt Fn.Arn, Description: the function }\n  Hidden: { Value: x, Condition: Never }\n`,
    );
    expect(p.outputs).toEqual([
      {
        name: 'FnArn',
        value: 'arn:aws:lambda:eu-west-1:123456789012:function:shop-Fn',
        description: 'the function',
      },
    ]);
  });
});

describe('values known only after deploying', () => {
  const body = fnWith(`      Events:
        Get: { Type: Api, Properties: { Path: /hi, Method: get } }
      FunctionUrlConfig: { AuthType: NONE }
`);
  it('are markers in Outputs, filled in by deferredOutputs', () => {
    const p = plan(
      `${body}Outputs:\n  Api: { Value: !Sub "https://\${ServerlessRestApi}.execute-api.\${AWS::Region}.amazonaws.com/Prod/hi" }\n  Url: { Value: !GetAtt FnUrl.FunctionUrl }\n`,
    );
    expect(p.outputs).toEqual([
      { name: 'Api', value: 'https://{{ServerlessRestApi}}.execute-api.eu-west-1.amazonaws.com/Prod/hi' },
      { name: 'Url', value: '{{FnUrl.FunctionUrl}}' },
    ]);
    expect(
      deferredOutputs(p.outputs, { ServerlessRestApi: 'abc123', 'FnUrl.FunctionUrl': 'http://u/' }),
    ).toEqual([
      { name: 'Api', value: 'https://abc123.execute-api.eu-west-1.amazonaws.com/Prod/hi' },
      { name: 'Url', value: 'http://u/' },
    ]);
  });

  it('ServerlessHttpApi is one too, when a function has HttpApi events', () => {
    const p = plan(
      `${fnWith('      Events:\n        H: { Type: HttpApi }\n')}Outputs:\n  Http: { Value: !Sub "https://\${ServerlessHttpApi}.execute-api.\${AWS::Region}.amazonaws.com/" }\n`,
    );
    expect(p.outputs).toEqual([
      { name: 'Http', value: 'https://{{ServerlessHttpApi}}.execute-api.eu-west-1.amazonaws.com/' },
    ]);
    expect(deferredOutputs(p.outputs, { ServerlessHttpApi: 'h1' })[0]!.value).toBe(
      'https://h1.execute-api.eu-west-1.amazonaws.com/',
    );
  });

  it('are errors anywhere else', () => {
    expect(
      failure(body.replace('      Handler: index.handler\n', '      Handler: !Ref ServerlessRestApi\n')),
    ).toBe(
      'Resources.Fn.Properties.Handler.Ref: ServerlessRestApi is only known after deploying; gradual allows it in Outputs only',
    );
  });
});

describe('parameters', () => {
  const params = `Parameters:
  Stage: { Type: String, Default: dev, AllowedValues: [dev, prod] }
  Memory: { Type: Number, Default: 128 }
  Names: { Type: CommaDelimitedList, Default: "a, b" }
`;
  it('uses defaults, overrides and pseudo parameters', () => {
    expect(
      env(
        `          STAGE: !Ref Stage\n          MEM: !Ref Memory\n          WHERE: !Sub "\${AWS::Region}/\${AWS::AccountId}/\${AWS::StackName}/\${AWS::Partition}"\n          SECOND: !Select [1, !Ref Names]\n`,
        params,
        { Stage: 'prod' },
      ),
    ).toEqual({ STAGE: 'prod', MEM: '128', WHERE: 'eu-west-1/123456789012/shop/aws', SECOND: 'b' });
  });

  it.each([
    [{ Stage: 'qa' }, 'Parameters.Stage: "qa" is not one of the AllowedValues: dev, prod'],
    [{ Memory: 'lots' }, 'Parameters.Memory: "lots" is not a number'],
    [{ Nope: '1' }, '--parameter-overrides: Nope is not a parameter of the template'],
  ])('rejects override %j', (overrides, message) => {
    expect(failure(params + fnWith(''), overrides)).toBe(message);
  });

  it('parses Key=Value and SAM ParameterKey=K,ParameterValue=V', () => {
    expect(parseOverrides(['A=1', 'ParameterKey=B,ParameterValue=x=y', 'C='])).toEqual({
      A: '1',
      B: 'x=y',
      C: '',
    });
    expect(() => parseOverrides(['novalue'])).toThrow('--parameter-overrides: "novalue" is not Key=Value');
  });
});

describe('intrinsic functions', () => {
  const before = `Parameters:
  Stage: { Type: String, Default: prod }
Mappings:
  Sizes: { prod: { memory: "512" } }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Equals [1, 1]]
  Either: !Or [!Condition IsDev, Condition: IsProd]
  Long: { "Fn::Equals": [{ "Ref": "Stage" }, "prod"] }
`;
  it.each([
    ['!Ref Stage', 'prod'],
    ['{ Ref: Stage }', 'prod'],
    ['!Ref Fn', 'shop-Fn'],
    ['!Ref Fn.Alias', 'arn:aws:lambda:eu-west-1:123456789012:function:shop-Fn:live'],
    ['!Ref FnAliaslive', 'arn:aws:lambda:eu-west-1:123456789012:function:shop-Fn:live'],
    ['!Ref ServerlessDeploymentApplication', 'shop-ServerlessDeploymentApplication'],
    ['!Ref FnDeploymentGroup', 'shop-FnDeploymentGroup'],
    ['!GetAtt Fn.Arn', 'arn:aws:lambda:eu-west-1:123456789012:function:shop-Fn'],
    ['!GetAtt [Fn, Arn]', 'arn:aws:lambda:eu-west-1:123456789012:function:shop-Fn'],
    ['{ "Fn::GetAtt": [Fn, Arn] }', 'arn:aws:lambda:eu-west-1:123456789012:function:shop-Fn'],
    [
      '!Sub "${Stage}-${Fn}-${Fn.Arn}-${!Literal}"',
      'prod-shop-Fn-arn:aws:lambda:eu-west-1:123456789012:function:shop-Fn-${Literal}',
    ],
    ['!Sub ["${A}-${Stage}", { A: !Ref Fn }]', 'shop-Fn-prod'],
    ['{ "Fn::Sub": "${AWS::Region}" }', 'eu-west-1'],
    ['!Join [":", [a, !Ref Stage, 3]]', 'a:prod:3'],
    ['{ "Fn::Join": ["", [x, y]] }', 'xy'],
    ['!If [IsProd, yes, no]', 'yes'],
    ['!If [IsDev, yes, no]', 'no'],
    ['!If [Both, both, no]', 'both'],
    ['!If [Either, either, no]', 'either'],
    ['{ "Fn::If": [Long, long, no] }', 'long'],
    ['!FindInMap [Sizes, !Ref Stage, memory]', '512'],
    ['!Select [0, !Split [",", "p,q"]]', 'p'],
    ['!Base64 hi', 'aGk='],
  ])('%s', (expression, value) => {
    const extra = `${ALIAS}      DeploymentPreference: { Type: AllAtOnce }\n`;
    expect(env(`          VALUE: ${expression}\n`, before, {}, extra)).toEqual({ VALUE: value });
  });

  it('drops properties that are AWS::NoValue', () => {
    expect(env('          AA: !If [IsDev, x, !Ref AWS::NoValue]\n          BB: b\n', before)).toEqual({
      BB: 'b',
    });
  });

  it('skips resources whose Condition is false', () => {
    const p = plan(
      `${before}Resources:\n${FN}  Dev:\n    Type: AWS::CloudWatch::Alarm\n    Condition: IsDev\n    Properties: { ComparisonOperator: GreaterThanThreshold, EvaluationPeriods: 1 }\n`,
    );
    expect(p.alarms).toEqual([]);
  });
});

describe('rejections name the property path', () => {
  it.each([
    [
      'unsupported property',
      fnWith('      Layers: [x]\n'),
      'Resources.Fn.Properties.Layers: not supported by gradual',
    ],
    [
      'unsupported resource type',
      'Resources:\n  B:\n    Type: AWS::S3::Bucket\n',
      'Resources.B.Type: AWS::S3::Bucket is not supported by gradual',
    ],
    ['unsupported top-level key', `Rules: {}\n${fnWith('')}`, 'Rules: not supported by gradual'],
    [
      'unsupported Globals section',
      `Globals:\n  Api: {}\n${fnWith('')}`,
      'Globals.Api: not supported by gradual',
    ],
    [
      'unsupported Globals.Function key',
      `Globals:\n  Function:\n    Layers: [x]\n${fnWith('')}`,
      'Globals.Function.Layers: not supported by gradual',
    ],
    [
      'unsupported resource key',
      `Resources:\n${FN}    UpdatePolicy: {}\n`,
      'Resources.Fn.UpdatePolicy: not supported by gradual',
    ],
    [
      'missing Handler',
      'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: { CodeUri: src, Runtime: nodejs20.x }\n',
      'Resources.Fn.Properties.Handler: is required',
    ],
    [
      'S3 CodeUri',
      fnWith('      CodeUri: s3://bucket/key.zip\n'),
      'Resources.Fn.Properties.CodeUri: must be a local folder or .zip file (S3 locations are not supported by gradual)',
    ],
    [
      'missing CodeUri folder',
      fnWith('      CodeUri: nowhere/\n'),
      'Resources.Fn.Properties.CodeUri: nowhere/ does not exist',
    ],
    [
      'CodeUri file not a zip',
      fnWith('      CodeUri: notes.txt\n'),
      'Resources.Fn.Properties.CodeUri: notes.txt must be a folder or a .zip file',
    ],
    [
      'bad MemorySize',
      fnWith('      MemorySize: big\n'),
      'Resources.Fn.Properties.MemorySize: must be an integer',
    ],
    [
      'Environment beyond Variables',
      fnWith('      Environment: { Variables: {}, KmsKey: x }\n'),
      'Resources.Fn.Properties.Environment: must be a mapping with Variables only',
    ],
    [
      'bad alias name',
      fnWith('      AutoPublishAlias: "123"\n'),
      'Resources.Fn.Properties.AutoPublishAlias: 123 is not a valid alias name',
    ],
    [
      'AutoPublishCodeSha256 without alias',
      fnWith('      AutoPublishCodeSha256: x\n'),
      'Resources.Fn.Properties.AutoPublishCodeSha256: requires AutoPublishAlias',
    ],
    [
      'DeploymentPreference without alias',
      fnWith('      DeploymentPreference: { Type: AllAtOnce }\n'),
      'Resources.Fn.Properties.DeploymentPreference: requires AutoPublishAlias to be specified',
    ],
    [
      'DeploymentPreference without Type',
      fnWith(`${ALIAS}      DeploymentPreference: { Alarms: [] }\n`),
      'Resources.Fn.Properties.DeploymentPreference.Type: is required',
    ],
    [
      'DeploymentPreference Alarms not a list',
      fnWith(`${ALIAS}      DeploymentPreference: { Type: AllAtOnce, Alarms: x }\n`),
      'Resources.Fn.Properties.DeploymentPreference.Alarms: must be a list',
    ],
    [
      'DeploymentPreference Hooks not a mapping',
      fnWith(`${ALIAS}      DeploymentPreference: { Type: AllAtOnce, Hooks: [x] }\n`),
      'Resources.Fn.Properties.DeploymentPreference.Hooks: must be a mapping',
    ],
    [
      'unknown hook',
      fnWith(`${ALIAS}      DeploymentPreference: { Type: AllAtOnce, Hooks: { Before: x } }\n`),
      'Resources.Fn.Properties.DeploymentPreference.Hooks.Before: unknown to SAM',
    ],
    [
      'misspelt property, with the name meant',
      fnWith('      Handlr: index.handler\n'),
      'Resources.Fn.Properties.Handlr: unknown to SAM (AWS::Serverless::Function) (did you mean Handler?)',
    ],
    [
      'misspelt hook',
      fnWith(`${ALIAS}      DeploymentPreference: { Type: AllAtOnce, Hooks: { PreTrafic: x } }\n`),
      'Resources.Fn.Properties.DeploymentPreference.Hooks.PreTrafic: unknown to SAM (did you mean PreTraffic?)',
    ],
    [
      "SAM's property gradual lacks",
      fnWith('      Tracing: Active\n'),
      'Resources.Fn.Properties.Tracing: not supported by gradual',
    ],
    [
      'a runtime gradual does not run, with the name meant',
      fnWith('      Runtime: nodejs20\n'),
      'Resources.Fn.Properties.Runtime: nodejs20 is not a runtime gradual runs (did you mean nodejs20.x?); it runs nodejs18.x, nodejs20.x, nodejs22.x, nodejs24.x, python3.9, python3.10, python3.11, python3.12, python3.13, python3.14, provided, provided.al2, provided.al2023',
    ],
    [
      'a runtime Lambda no longer takes',
      fnWith('      Runtime: nodejs12.x\n'),
      'Resources.Fn.Properties.Runtime: nodejs12.x is no longer supported by Lambda for new or updated functions',
    ],
    [
      'a misspelt deployment type',
      fnWith(`${ALIAS}      DeploymentPreference: { Type: Canary10Percent5Minute }\n`),
      'Resources.Fn.Properties.DeploymentPreference.Type: Canary10Percent5Minute is not a SAM deployment type (did you mean Canary10Percent5Minutes?)',
    ],
    [
      'a CodeDeployDefault config that does not exist',
      fnWith(`${ALIAS}      DeploymentPreference: { Type: CodeDeployDefault.LambdaCanary5Percent1Minute }\n`),
      'Resources.Fn.Properties.DeploymentPreference.Type: CodeDeployDefault.LambdaCanary5Percent1Minute is not a CodeDeploy Lambda config (did you mean CodeDeployDefault.LambdaCanary10Percent5Minutes?)',
    ],
    [
      'Timeout beyond Lambda',
      fnWith('      Timeout: 901\n'),
      "Resources.Fn.Properties.Timeout: 901 is outside Lambda's 1 to 900 seconds",
    ],
    [
      'MemorySize below Lambda',
      fnWith('      MemorySize: 64\n'),
      "Resources.Fn.Properties.MemorySize: 64 is outside Lambda's 128 to 10240 MB",
    ],
    [
      'a reserved variable',
      fnWith('      Environment: { Variables: { AWS_REGION: x } }\n'),
      'Resources.Fn.Properties.Environment.Variables.AWS_REGION: is reserved: Lambda sets it itself',
    ],
    [
      'a misspelt resource attribute',
      fnWith('').replace('    Properties:', '    DependOn: Other\n    Properties:'),
      'Resources.Fn.DependOn: unknown to CloudFormation (resource attributes) (did you mean DependsOn?)',
    ],
    [
      'TriggerConfigurations',
      fnWith(`${ALIAS}      DeploymentPreference: { Type: AllAtOnce, TriggerConfigurations: [] }\n`),
      'Resources.Fn.Properties.DeploymentPreference.TriggerConfigurations: not supported by gradual',
    ],
    [
      'bad Enabled',
      fnWith(`${ALIAS}      DeploymentPreference: { Type: AllAtOnce, Enabled: maybe }\n`),
      'Resources.Fn.Properties.DeploymentPreference.Enabled: must be true or false',
    ],
    [
      'hook with its own DeploymentPreference',
      `Resources:\n${FN}${ALIAS}      DeploymentPreference: { Type: AllAtOnce, Hooks: { PreTraffic: !Ref Hook } }\n  Hook:\n    Type: AWS::Serverless::Function\n    Properties: { CodeUri: src, Handler: h.handler, Runtime: nodejs20.x, AutoPublishAlias: live, DeploymentPreference: { Type: AllAtOnce } }\n`,
      'Resources.Hook.Properties.DeploymentPreference: Hook is a deployment hook of Fn, so it cannot have a DeploymentPreference itself (set Enabled: false)',
    ],
    [
      'unsupported event type',
      fnWith('      Events:\n        Q: { Type: SQS, Properties: {} }\n'),
      'Resources.Fn.Properties.Events.Q.Type: SQS is not supported by gradual (only Api and HttpApi)',
    ],
    [
      'unsupported Api event property',
      fnWith('      Events:\n        G: { Type: Api, Properties: { Path: /, Method: get, Auth: {} } }\n'),
      'Resources.Fn.Properties.Events.G.Properties.Auth: not supported by gradual',
    ],
    [
      'Api event without Path',
      fnWith('      Events:\n        G: { Type: Api, Properties: { Method: get } }\n'),
      'Resources.Fn.Properties.Events.G.Properties.Path: is required',
    ],
    [
      'HttpApi event with Method but no Path',
      fnWith('      Events:\n        H: { Type: HttpApi, Properties: { Method: get } }\n'),
      'Resources.Fn.Properties.Events.H.Properties.Path: is required with Method',
    ],
    [
      'unsupported HttpApi event property',
      fnWith('      Events:\n        H: { Type: HttpApi, Properties: { Path: /, Method: get, Auth: {} } }\n'),
      'Resources.Fn.Properties.Events.H.Properties.Auth: not supported by gradual',
    ],
    [
      'bad FunctionUrlConfig AuthType',
      fnWith('      FunctionUrlConfig: { AuthType: OPEN }\n'),
      'Resources.Fn.Properties.FunctionUrlConfig.AuthType: must be NONE or AWS_IAM',
    ],
    [
      'streaming function URL',
      fnWith('      FunctionUrlConfig: { AuthType: NONE, InvokeMode: RESPONSE_STREAM }\n'),
      'Resources.Fn.Properties.FunctionUrlConfig.InvokeMode: RESPONSE_STREAM is not supported by gradual',
    ],
    [
      'unsupported alarm property',
      `Resources:\n  A:\n    Type: AWS::CloudWatch::Alarm\n    Properties: { Metrics: [], EvaluationPeriods: 1, ComparisonOperator: LessThanThreshold }\n`,
      'Resources.A.Properties.Metrics: not supported by gradual',
    ],
    [
      'alarm without ComparisonOperator',
      `Resources:\n  A:\n    Type: AWS::CloudWatch::Alarm\n    Properties: { EvaluationPeriods: 1 }\n`,
      'Resources.A.Properties.ComparisonOperator: is required',
    ],
    [
      'missing Transform',
      `# no Transform\nResources:\n${FN}`,
      'Transform: must be AWS::Serverless-2016-10-31 for AWS::Serverless::Function resources',
    ],
    ['no Resources', 'Description: x\n', 'Resources: must be a mapping with at least one resource'],
    [
      'unresolved Ref',
      fnWith('      Handler: !Ref Nope\n'),
      'Resources.Fn.Properties.Handler.Ref: unresolved reference: Nope is neither a parameter nor a resource',
    ],
    [
      'Ref of a list',
      fnWith('      Handler: !Ref [a]\n'),
      'Resources.Fn.Properties.Handler.Ref: must be the name of a parameter or resource',
    ],
    [
      'unresolved Sub variable',
      fnWith('      Handler: !Sub "${Nope}.handler"\n'),
      'Resources.Fn.Properties.Handler.Fn::Sub: unresolved reference: ${Nope} is neither a parameter nor a resource',
    ],
    [
      'unsupported GetAtt attribute',
      fnWith('      Handler: !GetAtt Fn.Version\n'),
      'Resources.Fn.Properties.Handler.Fn::GetAtt: attribute Version of Fn is not supported by gradual',
    ],
    [
      'Ref Fn.Version',
      fnWith(`${ALIAS}      Description: !Ref Fn.Version\n`),
      'Resources.Fn.Properties.Description.Ref: Fn.Version: the version is only known while deploying; not supported by gradual',
    ],
    [
      'Join with a non-list',
      fnWith('      Handler: !Join [",", x]\n'),
      'Resources.Fn.Properties.Handler.Fn::Join[1]: must be a list, got "x"',
    ],
    [
      'If with an unknown condition',
      fnWith('      Handler: !If [Nope, a, b]\n'),
      'Resources.Fn.Properties.Handler.Fn::If[0]: unknown condition Nope',
    ],
    [
      'If with two arguments',
      fnWith('      Handler: !If [Nope, a]\n'),
      'Resources.Fn.Properties.Handler.Fn::If: must be a condition name, a value if true and a value if false',
    ],
    [
      'Equals with one argument',
      `Conditions:\n  C: !Equals [a]\n${fnWith('      Handler: !If [C, a, b]\n')}`,
      'Conditions.C.Fn::Equals: must be a list of two values',
    ],
    [
      'a condition that refers to itself',
      `Conditions:\n  C: !Not [!Condition C]\n${fnWith('      Handler: !If [C, a, b]\n')}`,
      'Conditions.C: refers to itself',
    ],
    [
      'unsupported intrinsic',
      fnWith('      Handler: !ImportValue other\n'),
      'Resources.Fn.Properties.Handler.Fn::ImportValue: not supported by gradual',
    ],
    [
      'unsupported parameter type',
      `Parameters:\n  V: { Type: AWS::EC2::VPC::Id }\n${fnWith('')}`,
      'Parameters.V.Type: AWS::EC2::VPC::Id is not supported by gradual',
    ],
    [
      'parameter without a value',
      `Parameters:\n  V: { Type: String }\n${fnWith('')}`,
      'Parameters.V: has no value: give it a Default or pass --parameter-overrides V=...',
    ],
    [
      'unknown YAML tag',
      fnWith('      Handler: !Bogus x\n'),
      'template is not valid YAML: Unresolved tag: !Bogus at line 9, column 16',
    ],
    [
      'Export on an output',
      `${fnWith('')}Outputs:\n  O: { Value: x, Export: { Name: y } }\n`,
      'Outputs.O.Export: not supported by gradual',
    ],
    [
      'bad stack name',
      fnWith(''),
      '--stack-name: 1x must start with a letter and hold only letters, digits and -',
    ],
  ])('%s', (_name, body, message) => {
    const got =
      _name === 'bad stack name'
        ? (() => {
            try {
              planTemplate(HEAD + body, { stackName: '1x', region: 'r', accountId: '1', baseDir: dir });
            } catch (e) {
              return (e as Error).message;
            }
            return '';
          })()
        : failure(body);
    expect(got).toBe(message);
  });
});
