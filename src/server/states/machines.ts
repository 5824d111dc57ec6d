import type { Clock } from '../../common/clock.js';
import type { Random } from '../../common/random.js';
import { parseStateMachineArn, stateMachineArn, validResourceName, type Place } from './arns.js';
import type { Diagnostic } from './definition/diagnostics.js';
import { invalidDefinitionMessage } from './definition/diagnostics.js';
import { expressProblems } from './definition/express.js';
import { validateDefinition, type Validation } from './definition/validate.js';
import type { StateMachineRecord, StateMachineType } from './records.js';
import {
  InvalidArn,
  InvalidDefinition,
  InvalidName,
  invalidArn,
  machineMissing,
  MissingRequiredParameter,
  StateMachineAlreadyExists,
} from './service-errors.js';
import type { StatesStore } from './store.js';

export interface MachinesDeps {
  store: StatesStore;
  clock: Clock;
  random: Random;
  place: Place;
}

export interface CreateMachineInput {
  name: string;
  definition: string;
  roleArn: string;
  type: StateMachineType;
  description?: string;
  tags: Record<string, string>;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

/** The definition checked as CreateStateMachine checks it for a machine of `type`. */
function validateFor(text: string, type: StateMachineType): Validation {
  const checked = validateDefinition(text);
  if (!checked.ok || type === 'STANDARD') return checked;
  const problems = expressProblems(checked.definition);
  return problems.length > 0 ? { ok: false, diagnostics: problems } : checked;
}

export function checkDefinition(text: string, type: StateMachineType): void {
  const checked = validateFor(text, type);
  if (!checked.ok) throw new InvalidDefinition(invalidDefinitionMessage(checked.diagnostics));
}

export function validateOnly(
  text: string,
  type: StateMachineType,
): { result: 'OK' | 'FAIL'; diagnostics: Diagnostic[] } {
  const checked = validateFor(text, type);
  return checked.ok
    ? { result: 'OK', diagnostics: [] }
    : { result: 'FAIL', diagnostics: checked.diagnostics };
}

function checkRole(roleArn: string): void {
  if (!ROLE_ARN.test(roleArn))
    throw new InvalidArn(`Invalid Arn: 'Resource type not valid in this context: ${roleArn}'`);
}

export function requireMachineArn(arn: string): void {
  if (!parseStateMachineArn(arn)) throw invalidArn(arn);
}

/**
 * CreateStateMachine: the same name with the same definition and role returns the machine that
 * exists (AWS treats it as idempotent); anything else under that name is StateMachineAlreadyExists.
 */
export async function createMachine(
  deps: MachinesDeps,
  input: CreateMachineInput,
): Promise<StateMachineRecord> {
  if (!validResourceName(input.name)) throw new InvalidName(`Invalid Name: '${input.name}'`);
  checkRole(input.roleArn);
  checkDefinition(input.definition, input.type);
  const arn = stateMachineArn(deps.place, input.name);
  return deps.store.transact((r) => {
    const existing = r.machine(arn);
    if (existing) {
      if (
        existing.definition === input.definition &&
        existing.roleArn === input.roleArn &&
        existing.type === input.type
      ) {
        return { changes: [], result: existing };
      }
      throw new StateMachineAlreadyExists(`State Machine Already Exists: '${arn}'`);
    }
    const machine: StateMachineRecord = {
      arn,
      name: input.name,
      type: input.type,
      definition: input.definition,
      roleArn: input.roleArn,
      description: input.description ?? '',
      creationDate: deps.clock.now(),
      revisionId: deps.random.uuid(),
      tags: input.tags,
    };
    return { changes: [{ kind: 'putMachine', machine }], result: machine };
  });
}

export async function getMachine(store: StatesStore, arn: string): Promise<StateMachineRecord> {
  requireMachineArn(arn);
  const machine = await store.read((r) => r.machine(arn));
  if (!machine) throw machineMissing(arn);
  return machine;
}

export async function updateMachine(
  deps: MachinesDeps,
  arn: string,
  change: { definition?: string; roleArn?: string },
): Promise<{ updateDate: number; revisionId: string }> {
  requireMachineArn(arn);
  if (change.definition === undefined && change.roleArn === undefined) {
    throw new MissingRequiredParameter(
      'Either the definition, the roleArn, the loggingConfiguration or the tracingConfiguration must be specified',
    );
  }
  if (change.roleArn !== undefined) checkRole(change.roleArn);
  const updateDate = deps.clock.now();
  const revisionId = deps.random.uuid();
  return deps.store.transact((r) => {
    const machine = r.machine(arn);
    if (!machine) throw machineMissing(arn);
    if (change.definition !== undefined) checkDefinition(change.definition, machine.type);
    const next = { ...machine, ...change, revisionId };
    return { changes: [{ kind: 'putMachine', machine: next }], result: { updateDate, revisionId } };
  });
}

/** DeleteStateMachine: running executions go on with the definition they started with. */
export async function deleteMachine(store: StatesStore, arn: string): Promise<void> {
  requireMachineArn(arn);
  await store.transact(() => ({ changes: [{ kind: 'deleteMachine', arn }], result: undefined }));
}

export async function tagMachine(
  store: StatesStore,
  arn: string,
  add: Record<string, string>,
  remove: string[],
): Promise<void> {
  await store.transact((r) => {
    const machine = r.machine(arn);
    if (!machine) throw machineMissing(arn);
    const tags = { ...machine.tags, ...add };
    for (const key of remove) delete tags[key];
    return { changes: [{ kind: 'putMachine', machine: { ...machine, tags } }], result: undefined };
  });
}
