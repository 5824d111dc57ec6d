/**
 * ARNs and names of Step Functions resources: `arn:aws:states:<region>:<account>:stateMachine:<name>`
 * and `...:execution:<machine>:<execution>` (`...:express:<machine>:<execution>:<id>` for express ones).
 */
export interface Place {
  region: string;
  accountId: string;
}

export const stateMachineArn = (p: Place, name: string): string =>
  `arn:aws:states:${p.region}:${p.accountId}:stateMachine:${name}`;

export const executionArn = (p: Place, machineName: string, name: string): string =>
  `arn:aws:states:${p.region}:${p.accountId}:execution:${machineName}:${name}`;

/** An express execution's ARN: the machine, the execution's name and a unique id. */
export const expressExecutionArn = (p: Place, machineName: string, name: string, id: string): string =>
  `arn:aws:states:${p.region}:${p.accountId}:express:${machineName}:${name}:${id}`;

const MACHINE = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):stateMachine:([^:]+)$/;
const EXECUTION =
  /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):(?:execution:([^:]+):([^:]+)|express:([^:]+):([^:]+):[^:]+)$/;

export function parseStateMachineArn(arn: string): { name: string } | undefined {
  const m = MACHINE.exec(arn);
  return m ? { name: m[3]! } : undefined;
}

export function parseExecutionArn(arn: string): { machineName: string; name: string } | undefined {
  const m = EXECUTION.exec(arn);
  if (!m) return undefined;
  return m[3] !== undefined ? { machineName: m[3], name: m[4]! } : { machineName: m[5]!, name: m[6]! };
}

/**
 * Names of state machines and executions: 1-80 characters, none of whitespace, brackets,
 * wildcard or special characters, nor control characters (CreateStateMachine, StartExecution).
 */
export function validResourceName(name: string): boolean {
  if (name.length < 1 || name.length > 80 || /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/.test(name)) return false;
  return [...name].every((c) => {
    const code = c.charCodeAt(0);
    return code > 0x1f && (code < 0x7f || code > 0x9f);
  });
}
