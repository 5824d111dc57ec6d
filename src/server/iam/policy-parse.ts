import { parseConditions } from './condition-parse.js';
import { MalformedPolicyDocumentException } from './errors.js';
import {
  POLICY_VERSIONS,
  type Effect,
  type PatternList,
  type PolicyDocument,
  type PolicyKind,
  type PolicyVersion,
  type PrincipalList,
  type Statement,
} from './policy-model.js';
import { parsePrincipals } from './principal-parse.js';
import { isRecord } from '../../common/is-record.js';

/*
 * The MalformedPolicyDocument messages are IAM's own, as IAM returns them to CreatePolicy,
 * PutRolePolicy and CreateRole (seen in the errors users report from the AWS CLI, Terraform and
 * CloudFormation). IAM reports the first problem it finds.
 */
const SYNTAX = 'Syntax errors in policy.';
const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);
const SID = /^[0-9A-Za-z]*$/;
const VENDOR = /^[A-Za-z0-9-]+$/;

function malformed(message: string): never {
  throw new MalformedPolicyDocumentException(message);
}

/** A string or a non-empty list of strings, as every list-valued element is written. */
function stringList(value: unknown): string[] {
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  if (list.length === 0 || !list.every((item): item is string => typeof item === 'string')) malformed(SYNTAX);
  return list;
}

function checkAction(action: string): void {
  if (action === '*') return;
  const parts = action.split(':');
  if (parts.length < 2)
    malformed('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
  if (parts.length > 2) malformed('Actions/Condition can contain only one colon.');
  const vendor = parts[0] ?? '';
  if (!VENDOR.test(vendor)) malformed(`Vendor ${vendor} is not valid`);
}

function checkResource(resource: string): void {
  if (resource === '*') return;
  if (!resource.startsWith('arn:') || resource.split(':').length < 6) {
    malformed(`Resource ${resource} must be in ARN format or "*".`);
  }
}

function patternList(
  statement: Record<string, unknown>,
  field: 'Action' | 'Resource',
  check: (value: string) => void,
): PatternList | undefined {
  const positive = statement[field];
  const negative = statement[`Not${field}`];
  if (positive !== undefined && negative !== undefined) malformed(SYNTAX);
  if (positive === undefined && negative === undefined) return undefined;
  const patterns = stringList(positive ?? negative);
  patterns.forEach(check);
  return { negated: positive === undefined, patterns };
}

function effectOf(value: unknown): Effect {
  if (value === undefined) malformed('Missing required field Effect');
  // IAM's answer to any other spelling, `"allow"` included.
  if (value !== 'Allow' && value !== 'Deny') malformed('The policy failed legacy parsing');
  return value;
}

function principalsOf(statement: Record<string, unknown>, kind: PolicyKind): PrincipalList | undefined {
  const positive = statement['Principal'];
  const negative = statement['NotPrincipal'];
  if (kind === 'identity') {
    if (positive !== undefined || negative !== undefined) {
      malformed('Policy document should not specify a principal.');
    }
    return undefined;
  }
  if (positive !== undefined && negative !== undefined) malformed(SYNTAX);
  if (positive === undefined && negative === undefined) malformed('Missing required field Principal');
  return parsePrincipals(positive ?? negative, positive === undefined);
}

function parseStatement(raw: unknown, index: number, kind: PolicyKind): Statement {
  if (!isRecord(raw)) malformed(SYNTAX);
  if (Object.keys(raw).some((key) => !STATEMENT_FIELDS.has(key))) malformed(SYNTAX);
  const sid = raw['Sid'];
  if (sid !== undefined && typeof sid !== 'string') malformed(SYNTAX);
  if (sid !== undefined && !SID.test(sid)) {
    malformed(
      'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
    );
  }
  const effect = effectOf(raw['Effect']);
  const actions = patternList(raw, 'Action', checkAction);
  if (!actions) malformed('Policy statement must contain actions.');
  const resources = patternList(raw, 'Resource', checkResource);
  if (kind === 'identity' && !resources) malformed('Policy statement must contain resources.');
  if (kind === 'trust' && resources)
    malformed(`Has prohibited field ${resources.negated ? 'NotResource' : 'Resource'}`);
  const principals = principalsOf(raw, kind);
  const conditions = parseConditions(raw['Condition']);
  return { index, sid: sid || undefined, effect, actions, resources, principals, conditions };
}

function versionOf(value: unknown): PolicyVersion {
  // Without a Version, IAM reads the document with the 2008 grammar: no policy variables.
  if (value === undefined) return '2008-10-17';
  if (!(POLICY_VERSIONS as readonly unknown[]).includes(value)) malformed(SYNTAX);
  return value as PolicyVersion;
}

/** The JSON object inside a policy document string, or IAM's error for one that is not JSON. */
export function parseJsonDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return malformed('This policy contains invalid Json');
  }
}

/**
 * Parses and validates a policy document as IAM does on CreatePolicy / PutRolePolicy (identity)
 * and CreateRole / UpdateAssumeRolePolicy (trust), throwing MalformedPolicyDocument with IAM's
 * message for the first problem found.
 */
export function parsePolicyDocument(text: string, kind: PolicyKind): PolicyDocument {
  const raw = parseJsonDocument(text);
  if (!isRecord(raw)) malformed(SYNTAX);
  if (Object.keys(raw).some((key) => !TOP_LEVEL.has(key))) malformed(SYNTAX);
  const version = versionOf(raw['Version']);
  const id = raw['Id'];
  if (id !== undefined && typeof id !== 'string') malformed(SYNTAX);
  const rawStatements = raw['Statement'];
  if (rawStatements === undefined) malformed(SYNTAX);
  const list: unknown[] = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  if (list.length === 0) malformed(SYNTAX);
  const statements = list.map((s, i) => parseStatement(s, i, kind));
  const sids = statements.map((s) => s.sid).filter((s): s is string => s !== undefined);
  if (new Set(sids).size !== sids.length) malformed('Statement IDs (SID) in a single policy must be unique.');
  return { version, id, statements };
}

/** The size IAM counts against its quotas: the document without whitespace outside strings. */
export function policySize(text: string): number {
  try {
    return JSON.stringify(JSON.parse(text)).length;
  } catch {
    return text.length;
  }
}
