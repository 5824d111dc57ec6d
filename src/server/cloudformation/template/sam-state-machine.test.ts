import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../common/template/yaml.js';
import { prepareTemplate } from './prepare.js';
import { samTransform } from './sam.js';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: s3://art/machine.asl.json
      DefinitionSubstitutions:
        Fn: !GetAtt Worker.Arn
      Policies:
        - LambdaInvokePolicy: { FunctionName: !Ref Worker }
  Worker:
    Type: AWS::Lambda::Function
    Properties: { Code: { ZipFile: x }, Role: arn:aws:iam::000000000000:role/r }
`;

describe("SAM's AWS::Serverless::StateMachine", () => {
  it('becomes a state machine reading its definition from S3, with a role trusting Step Functions', () => {
    const out = samTransform(loadTemplate(TEMPLATE), '000000000000').Resources;
    expect(out['Machine']).toMatchObject({
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        DefinitionS3Location: { Bucket: 'art', Key: 'machine.asl.json' },
        DefinitionSubstitutions: { Fn: { 'Fn::GetAtt': ['Worker', 'Arn'] } },
        RoleArn: { 'Fn::GetAtt': ['MachineRole', 'Arn'] },
      },
    });
    const role = out['MachineRole']?.Properties as Record<string, unknown>;
    expect(JSON.stringify(role['AssumeRolePolicyDocument'])).toContain('states.amazonaws.com');
    expect(role['ManagedPolicyArns']).toBeUndefined();
    expect(JSON.stringify(role['Policies'])).toContain('lambda:InvokeFunction');
  });

  it('asks for CAPABILITY_IAM for the role it makes, and refuses what it lacks by name', () => {
    expect(prepareTemplate(TEMPLATE, '000000000000')).toMatchObject({ needs: ['CAPABILITY_IAM'] });
    const logging = TEMPLATE.replace('      Policies:', '      Logging: { Level: ALL }\n      Policies:');
    expect(prepareTemplate(logging, '000000000000').problem).toContain(
      'Logging: is not supported by gradual',
    );
  });
});
