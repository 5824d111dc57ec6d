import { TemplateError } from '../../../common/template/errors.js';
import type { ResourceDefinition } from '../model.js';
import { isRecord } from '../../../common/is-record.js';

const BASIC_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

export const LAMBDA_TRUST = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] },
  ],
};

/** SAM's `LambdaInvokePolicy` policy template: invoke the function, its versions and aliases. */
function lambdaInvokePolicy(functionName: unknown): Record<string, unknown> {
  return {
    Statement: [
      {
        Effect: 'Allow',
        Action: ['lambda:InvokeFunction'],
        Resource: {
          'Fn::Sub': [
            'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${functionName}*',
            { functionName },
          ],
        },
      },
    ],
  };
}

const FUNCTION_ROLE = { trust: LAMBDA_TRUST, managed: [BASIC_EXECUTION], tag: 'lambda:createdBy' };

/** A state machine's role as SAM makes it: trusting Step Functions, with no managed policy of its own. */
export const STATE_MACHINE_ROLE = {
  trust: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: ['states.amazonaws.com'] }, Action: ['sts:AssumeRole'] },
    ],
  },
  managed: [],
  tag: 'stateMachine:createdBy',
};

/**
 * A function's execution role as SAM makes it: `Role` names one (then `Policies` may not be
 * given); otherwise an `AWS::IAM::Role` `<LogicalId>Role` trusting Lambda, with
 * AWSLambdaBasicExecutionRole, each managed policy of `Policies` (by ARN, or by name: the role's
 * provider looks the name up) and each policy document as `<LogicalId>RolePolicy<N>`. SAM's policy
 * templates but `LambdaInvokePolicy` are refused by name. Returns what the function's `Role` is, and the role to add.
 */
export function samExecutionRole(
  id: string,
  props: Record<string, unknown>,
  path: string,
  condition: Partial<ResourceDefinition>,
  kind: { trust: unknown; managed: readonly unknown[]; tag: string } = FUNCTION_ROLE,
): { role: unknown; resource?: ResourceDefinition } {
  const policies = props['Policies'];
  if (props['Role'] !== undefined) {
    if (policies !== undefined)
      throw new TemplateError(
        `${path}.Policies`,
        'cannot be used with Role: SAM adds Policies only to the role it creates',
      );
    return { role: props['Role'] };
  }
  const list = policies === undefined ? [] : Array.isArray(policies) ? (policies as unknown[]) : [policies];
  const managed: unknown[] = [...kind.managed];
  const inline: Record<string, unknown>[] = [];
  list.forEach((item, i) => {
    const at = `${path}.Policies${Array.isArray(policies) ? `[${i}]` : ''}`;
    if (
      typeof item === 'string' ||
      (isRecord(item) && ('Ref' in item || 'Fn::Sub' in item || 'Fn::Join' in item))
    )
      managed.push(item);
    else if (isRecord(item) && 'Statement' in item)
      inline.push({ PolicyName: `${id}RolePolicy${inline.length}`, PolicyDocument: item });
    else if (isRecord(item) && isRecord(item['LambdaInvokePolicy']))
      inline.push({
        PolicyName: `${id}RolePolicy${inline.length}`,
        PolicyDocument: lambdaInvokePolicy(item['LambdaInvokePolicy']['FunctionName']),
      });
    else {
      const name = isRecord(item) ? Object.keys(item)[0] : undefined;
      throw new TemplateError(
        at,
        `${name ? `the policy template ${name}` : 'this policy'} is not supported by gradual (use a managed policy or a policy document)`,
      );
    }
  });
  const resource: ResourceDefinition = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: kind.trust,
      ...(managed.length ? { ManagedPolicyArns: managed } : {}),
      ...(inline.length ? { Policies: inline } : {}),
      Tags: [{ Key: kind.tag, Value: 'SAM' }],
    },
    ...condition,
  };
  return { role: { 'Fn::GetAtt': [`${id}Role`, 'Arn'] }, resource };
}
