import { parse } from 'yaml';

/** What a Lambda AppSpec asks for: one function's alias moved from one version to another. */
export interface LambdaAppSpec {
  /** Function name (an ARN is reduced to its name). */
  functionName: string;
  alias: string;
  currentVersion: string;
  targetVersion: string;
  hooks: { BeforeAllowTraffic?: string; AfterAllowTraffic?: string };
}

export const APPSPEC_INVALID =
  'The deployment failed because the AppSpec file that specifies the AWS Lambda deployment configuration is missing or has an invalid configuration.';

export type AppSpecResult = { ok: true; spec: LambdaAppSpec } | { ok: false; message: string };

const HOOK_EVENTS = ['BeforeAllowTraffic', 'AfterAllowTraffic'] as const;

/** AppSpec keys are case-insensitive in practice (the reference writes them in lower case). */
function field(object: unknown, key: string): unknown {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return undefined;
  const entry = Object.entries(object).find(([k]) => k.toLowerCase() === key.toLowerCase());
  return entry?.[1];
}

function fail(detail: string): AppSpecResult {
  return { ok: false, message: `${APPSPEC_INVALID} ${detail}` };
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function functionName(value: string): string {
  const m = /^arn:aws[a-zA-Z-]*:lambda:[^:]+:\d{12}:function:([^:]+)(?::.*)?$/.exec(value);
  return m ? m[1]! : value;
}

/** Parses a Lambda AppSpec given as YAML or JSON (JSON is YAML). */
export function parseAppSpec(content: string): AppSpecResult {
  let doc: unknown;
  try {
    doc = parse(content);
  } catch {
    return fail('The input AppSpec file is a not well-formed yaml. The template cannot be parsed.');
  }
  const rawVersion = field(doc, 'version');
  if (rawVersion === undefined) return fail('The AppSpec file is missing the version.');
  const version = typeof rawVersion === 'number' || typeof rawVersion === 'string' ? String(rawVersion) : '?';
  if (version !== '0' && version !== '0.0')
    return fail(`The AppSpec version ${version} is not supported; use 0.0.`);
  const resources = field(doc, 'Resources');
  if (!Array.isArray(resources) || resources.length === 0)
    return fail('The AppSpec file must list one Lambda function under Resources.');
  if (resources.length > 1) return fail('Only 1 Lambda resource (Function) supported.');
  const entry: unknown = resources[0];
  const inner: unknown = entry && typeof entry === 'object' ? Object.values(entry)[0] : undefined;
  if (field(inner, 'Type') !== 'AWS::Lambda::Function')
    return fail('The resource Type must be AWS::Lambda::Function.');
  const props = field(inner, 'Properties');
  const name = text(field(props, 'Name'));
  const alias = text(field(props, 'Alias'));
  const currentVersion = text(field(props, 'CurrentVersion'));
  const targetVersion = text(field(props, 'TargetVersion'));
  const missing = (
    [
      ['Name', name],
      ['Alias', alias],
      ['CurrentVersion', currentVersion],
      ['TargetVersion', targetVersion],
    ] as const
  )
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  if (missing.length > 0) return fail(`Missing properties: ${missing.join(', ')}.`);
  for (const [key, value] of [
    ['CurrentVersion', currentVersion],
    ['TargetVersion', targetVersion],
  ] as const) {
    if (!/^[1-9][0-9]*$/.test(value!))
      return fail(`${key} '${value}' is invalid: This value must be a valid positive integer.`);
  }
  const hooks: LambdaAppSpec['hooks'] = {};
  const hookList = field(doc, 'Hooks') ?? [];
  if (!Array.isArray(hookList)) return fail('Hooks must be a list of single-key maps.');
  for (const item of hookList) {
    const entries: [string, unknown][] =
      item && typeof item === 'object' ? Object.entries(item as object) : [];
    if (entries.length !== 1)
      return fail('Each hook must be a single-key map, e.g. - BeforeAllowTraffic: MyHookFunction.');
    const [key, value] = entries[0]!;
    const event = HOOK_EVENTS.find((e) => e.toLowerCase() === key.toLowerCase());
    if (!event)
      return fail(
        `The hook ${key} is not a Lambda lifecycle event; use BeforeAllowTraffic or AfterAllowTraffic.`,
      );
    const target = text(value);
    if (!target) return fail(`The ${event} hook names no function.`);
    hooks[event] = target;
  }
  return {
    ok: true,
    spec: {
      functionName: functionName(name!),
      alias: alias!,
      currentVersion: currentVersion!,
      targetVersion: targetVersion!,
      hooks,
    },
  };
}
