import { createHash } from 'node:crypto';
import { CloudWatchFullAccess, CloudWatchReadOnlyAccess } from './managed/cloudwatch.js';
import {
  AWSLambda_FullAccess,
  AWSLambda_ReadOnlyAccess,
  AWSLambdaFullAccess,
} from './managed/lambda-access.js';
import {
  AWSCodeDeployRoleForLambda,
  AWSLambdaBasicExecutionRole,
  AWSLambdaExecute,
  AWSLambdaRole,
} from './managed/lambda-execution.js';
import type { ManagedPolicyData } from './managed/model.js';
import type { PolicyDocument } from './policy-model.js';
import { parsePolicyDocument } from './policy-parse.js';

/** An AWS managed policy, ready to attach and evaluate. */
export interface ManagedPolicy extends ManagedPolicyData {
  arn: string;
  /** gradual's stable id for it (AWS's are opaque: `ANPA` and 17 characters). */
  policyId: string;
  /** The document as IAM returns it from GetPolicyVersion (before URL-encoding). */
  documentText: string;
  parsed: PolicyDocument;
}

const ALL: readonly ManagedPolicyData[] = [
  AWSLambdaBasicExecutionRole,
  AWSLambdaExecute,
  AWSLambdaRole,
  AWSLambda_FullAccess,
  AWSLambda_ReadOnlyAccess,
  AWSLambdaFullAccess,
  AWSCodeDeployRoleForLambda,
  CloudWatchFullAccess,
  CloudWatchReadOnlyAccess,
];

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A stable IAM-style unique id from a name: `prefix` and 17 base-32 characters. */
export function stableId(prefix: string, name: string): string {
  const digest = createHash('sha256').update(name).digest();
  return prefix + [...digest.subarray(0, 17)].map((b) => BASE32[b % 32]).join('');
}

export function managedPolicyArn(data: Pick<ManagedPolicyData, 'path' | 'name'>): string {
  return `arn:aws:iam::aws:policy${data.path}${data.name}`;
}

function ready(data: ManagedPolicyData): ManagedPolicy {
  const arn = managedPolicyArn(data);
  const documentText = JSON.stringify(data.document, null, 4);
  return {
    ...data,
    arn,
    policyId: stableId('ANPA', arn),
    documentText,
    parsed: parsePolicyDocument(documentText, 'identity'),
  };
}

/** Every AWS managed policy gradual knows, by ARN. */
export const MANAGED_POLICIES: ReadonlyMap<string, ManagedPolicy> = new Map(
  ALL.map((data) => {
    const policy = ready(data);
    return [policy.arn, policy] as const;
  }),
);

export function isAwsManagedArn(arn: string): boolean {
  return arn.startsWith('arn:aws:iam::aws:policy/');
}
