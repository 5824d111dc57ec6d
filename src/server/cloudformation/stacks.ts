import type { Clock } from '../../common/clock.js';
import type { Random } from '../../common/random.js';
import { actorOf, type ActorSession, type StackActor } from './actor.js';
import type { StackEngine } from './engine.js';
import {
  AlreadyExistsException,
  ChangeSetNotFoundException,
  InsufficientCapabilitiesException,
  InvalidChangeSetStatusException,
  stackDoesNotExist,
  ValidationError,
} from './errors.js';
import type { ChangeSetRecord, Operation, ProcessedTemplate, StackRecord } from './model.js';
import { TERMINAL_STATUSES } from './model.js';
import { planChanges } from './plan.js';
import { EventLog } from './step-events.js';
import type { CfnReader, CfnStore } from './store.js';
import { parameterValues, prepareTemplate } from './template/prepare.js';

export interface StacksDeps {
  store: CfnStore;
  engine: StackEngine;
  clock: Clock;
  random: Random;
  region: string;
  accountId: string;
  /**
   * Reads before anything changes (names the template gives that must exist), made as `actor`: a
   * problem, or undefined.
   */
  precheck?: (template: ProcessedTemplate, actor: StackActor) => Promise<string | undefined>;
}

export interface ChangeSetInput {
  stackName: string;
  changeSetName: string;
  changeSetType: 'CREATE' | 'UPDATE';
  templateBody: string | undefined;
  usePreviousTemplate: boolean;
  parameters: { key: string; value?: string; usePrevious?: boolean }[];
  capabilities: string[];
  tags: { key: string; value: string }[];
  description?: string;
  /** The service role to act as (`RoleARN`), already checked assumable. */
  roleArn?: string;
}

const NO_CHANGES =
  "The submitted information didn't contain changes. Submit different information to create a change set.";

/** Finds a stack by name (live ones) or stack id (deleted ones too). */
export function findStack(r: CfnReader, nameOrId: string): StackRecord | undefined {
  return nameOrId.startsWith('arn:') ? r.stack(nameOrId) : r.liveStack(nameOrId);
}

export function requireStack(r: CfnReader, nameOrId: string): StackRecord {
  const stack = findStack(r, nameOrId);
  if (!stack) throw stackDoesNotExist(nameOrId);
  return stack;
}

function exportsOf(r: CfnReader): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of r.stacks())
    if (s.status !== 'DELETE_COMPLETE')
      for (const o of s.outputs) if (o.exportName) out.set(o.exportName, o.value);
  return out;
}

/** Stacks and change sets as the API sees them: validation up front, operations handed to the engine. */
export class Stacks {
  constructor(private readonly deps: StacksDeps) {}

  private arn(kind: 'stack' | 'changeSet', name: string): string {
    return `arn:aws:cloudformation:${this.deps.region}:${this.deps.accountId}:${kind}/${name}/${this.deps.random.uuid()}`;
  }

  /**
   * The precheck of a new template body, read as the change set's principal: the role it names, else
   * the stack's, else its caller. A template that does not prepare is refused in the transaction.
   */
  private async precheck(
    input: ChangeSetInput,
    caller: ActorSession | undefined,
  ): Promise<string | undefined> {
    if (!this.deps.precheck || input.templateBody === undefined) return undefined;
    const stackRole = await this.deps.store.read((r) => r.liveStack(input.stackName)?.roleArn);
    const actor = actorOf(input.roleArn ?? stackRole, caller);
    let prepared: ReturnType<typeof prepareTemplate>;
    try {
      prepared = prepareTemplate(input.templateBody, this.deps.accountId);
    } catch {
      return undefined;
    }
    return prepared.problem ? undefined : this.deps.precheck(prepared.template, actor);
  }

  /** `caller`: the session that asks, when not the operator's keys (the change set's reads are its). */
  async createChangeSet(input: ChangeSetInput, caller?: ActorSession): Promise<ChangeSetRecord> {
    const { clock } = this.deps;
    const now = clock.now();
    const changeSetId = this.arn('changeSet', input.changeSetName);
    const newStackId = this.arn('stack', input.stackName);
    const early = await this.precheck(input, caller);
    return this.deps.store.transact((r) => {
      const existing = r.liveStack(input.stackName);
      if (input.changeSetType === 'CREATE' && existing && existing.status !== 'REVIEW_IN_PROGRESS')
        throw new AlreadyExistsException(
          `Stack [${input.stackName}] already exists and cannot be created again with the changeSet [${input.changeSetName}].`,
        );
      if (input.changeSetType === 'UPDATE' && (!existing || existing.status === 'REVIEW_IN_PROGRESS'))
        throw new ValidationError(`Stack [${input.stackName}] does not exist`);
      if (existing && r.changeSets(existing.stackId).some((c) => c.changeSetName === input.changeSetName))
        throw new AlreadyExistsException(`ChangeSet [${input.changeSetName}] already exists`);
      if (existing?.operation) throw busy(existing);
      const body = input.usePreviousTemplate ? existing?.templateBody : input.templateBody;
      if (body === undefined)
        throw new ValidationError('Either Template URL or Template Body must be specified.');
      const prepared = prepareTemplate(body, this.deps.accountId);
      const missing = prepared.needs.filter(
        (c) => !input.capabilities.includes(c) && !input.capabilities.includes('CAPABILITY_NAMED_IAM'),
      );
      if (missing.length)
        throw new InsufficientCapabilitiesException(`Requires capabilities : [${missing.join(',')}]`);
      const params = parameterValues(prepared.template, input.parameters, existing?.parameters ?? []);
      const stack: StackRecord = existing ?? {
        stackId: newStackId,
        stackName: input.stackName,
        status: 'REVIEW_IN_PROGRESS',
        statusReason: 'User Initiated',
        creationTime: now,
        templateBody: body,
        template: { Resources: {} },
        parameters: [],
        capabilities: input.capabilities,
        tags: input.tags,
        outputs: [],
        resources: {},
        rev: 0,
      };
      const log = new EventLog(stack, now, () => this.deps.random.uuid());
      if (!existing) log.stackStatus('REVIEW_IN_PROGRESS', 'User Initiated');
      let status: ChangeSetRecord['status'] = 'CREATE_COMPLETE';
      let reason: string | undefined = prepared.problem ?? early;
      let changes: ChangeSetRecord['changes'] = [];
      if (!reason) {
        const values = new Map(params.values);
        for (const [k, v] of Object.entries(pseudo(stack, this.deps))) values.set(k, v);
        const plan = planChanges({
          template: prepared.template,
          parameters: values,
          resources: stack.resources,
          exported: (n) => exportsOf(r).get(n),
        });
        changes = plan.changes;
        reason = plan.problem;
        const sameParameters = JSON.stringify(params.list) === JSON.stringify(stack.parameters);
        if (
          !reason &&
          input.changeSetType === 'UPDATE' &&
          changes.length === 0 &&
          sameParameters &&
          JSON.stringify(prepared.template.Outputs) === JSON.stringify(stack.template.Outputs)
        )
          reason = NO_CHANGES;
      }
      if (reason) status = 'FAILED';
      const changeSet: ChangeSetRecord = {
        changeSetId,
        changeSetName: input.changeSetName,
        stackId: stack.stackId,
        stackName: stack.stackName,
        changeSetType: input.changeSetType,
        status,
        ...(reason ? { statusReason: reason } : {}),
        executionStatus: status === 'FAILED' ? 'UNAVAILABLE' : 'AVAILABLE',
        creationTime: now,
        ...(input.description ? { description: input.description } : {}),
        templateBody: body,
        template: prepared.problem ? undefined : prepared.template,
        parameters: params.list,
        capabilities: input.capabilities,
        tags: input.tags,
        changes,
        ...(input.roleArn !== undefined ? { roleArn: input.roleArn } : {}),
      };
      return {
        changes: [
          ...(existing ? [] : [{ kind: 'putStack' as const, stack }]),
          { kind: 'appendEvents' as const, events: log.events },
          { kind: 'putChangeSet' as const, changeSet },
        ],
        result: changeSet,
      };
    });
  }

  async changeSet(name: string, stackName: string | undefined): Promise<ChangeSetRecord> {
    return this.deps.store.read((r) => changeSetOf(r, name, stackName));
  }

  async deleteChangeSet(name: string, stackName: string | undefined): Promise<void> {
    await this.deps.store.transact((r) => {
      const cs = changeSetOf(r, name, stackName);
      if (cs.executionStatus === 'EXECUTE_IN_PROGRESS')
        throw new InvalidChangeSetStatusException(`Cannot delete ChangeSet in status ${cs.executionStatus}`);
      return { changes: [{ kind: 'deleteChangeSet', changeSetId: cs.changeSetId }], result: undefined };
    });
  }

  /** `caller`: the session that asks, when not the operator's keys (the operation acts as it). */
  async executeChangeSet(name: string, stackName: string | undefined, caller?: ActorSession): Promise<void> {
    const stackId = await this.deps.store.transact((r) => {
      const cs = changeSetOf(r, name, stackName);
      if (cs.status !== 'CREATE_COMPLETE' || cs.executionStatus !== 'AVAILABLE' || !cs.template)
        throw new InvalidChangeSetStatusException(
          `ChangeSet [${cs.changeSetId}] cannot be executed in its current status of [${cs.status}]`,
        );
      const stack = requireStack(r, cs.stackId);
      if (stack.operation) throw busy(stack);
      const kind = cs.changeSetType === 'CREATE' ? 'CREATE' : 'UPDATE';
      // Without a role of its own, a change set runs as the stack's role, as CloudFormation does.
      const roleArn = cs.roleArn ?? stack.roleArn;
      const op: Operation = {
        kind,
        phase: 'forward',
        templateBody: cs.templateBody,
        template: cs.template,
        parameters: cs.parameters,
        before: structuredClone(stack.resources),
        tasks: {},
        changeSetId: cs.changeSetId,
        actor: actorOf(roleArn, caller),
      };
      const now = this.deps.clock.now();
      const status = kind === 'CREATE' ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS';
      const next: StackRecord = {
        ...stack,
        status,
        statusReason: 'User Initiated',
        ...(kind === 'UPDATE' ? { lastUpdatedTime: now } : {}),
        capabilities: cs.capabilities,
        tags: cs.tags.length ? cs.tags : stack.tags,
        ...(cs.template.Description ? { description: cs.template.Description } : {}),
        operation: op,
        ...(roleArn !== undefined ? { roleArn } : {}),
        rev: stack.rev + 1,
      };
      const log = new EventLog(stack, now, () => this.deps.random.uuid());
      log.stackStatus(status, 'User Initiated');
      // Executing a change set makes the stack's other change sets obsolete, as CloudFormation does.
      const others = r.changeSets(stack.stackId).filter((c) => c.changeSetId !== cs.changeSetId);
      return {
        changes: [
          { kind: 'putStack', stack: next },
          { kind: 'appendEvents', events: log.events },
          { kind: 'putChangeSet', changeSet: { ...cs, executionStatus: 'EXECUTE_COMPLETE' } },
          ...others.map((c) => ({ kind: 'deleteChangeSet' as const, changeSetId: c.changeSetId })),
        ],
        result: stack.stackId,
      };
    });
    void this.deps.engine.kick(stackId, []);
  }

  async deleteStack(nameOrId: string, caller?: ActorSession, roleArn?: string): Promise<void> {
    const stackId = await this.deps.store.transact((r) => {
      const stack = findStack(r, nameOrId);
      if (!stack || stack.status === 'DELETE_COMPLETE' || stack.status === 'DELETE_IN_PROGRESS')
        return { changes: [], result: undefined };
      if (stack.operation) throw busy(stack);
      const now = this.deps.clock.now();
      const log = new EventLog(stack, now, () => this.deps.random.uuid());
      log.stackStatus('DELETE_IN_PROGRESS', 'User Initiated');
      const op: Operation = {
        kind: 'DELETE',
        phase: 'forward',
        templateBody: stack.templateBody,
        template: stack.template,
        parameters: stack.parameters,
        before: structuredClone(stack.resources),
        deleting: structuredClone(stack.resources),
        tasks: {},
        actor: actorOf(roleArn ?? stack.roleArn, caller),
      };
      const next: StackRecord = {
        ...stack,
        status: 'DELETE_IN_PROGRESS',
        statusReason: 'User Initiated',
        operation: op,
        rev: stack.rev + 1,
      };
      return {
        changes: [
          { kind: 'putStack', stack: next },
          { kind: 'appendEvents', events: log.events },
        ],
        result: stack.stackId,
      };
    });
    if (stackId) void this.deps.engine.kick(stackId, []);
  }
}

function busy(stack: StackRecord): ValidationError {
  return new ValidationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
}

function pseudo(
  stack: StackRecord,
  deps: Pick<StacksDeps, 'region' | 'accountId'>,
): Record<string, string | string[]> {
  return {
    'AWS::Region': deps.region,
    'AWS::AccountId': deps.accountId,
    'AWS::StackName': stack.stackName,
    'AWS::StackId': stack.stackId,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::NotificationARNs': [],
  };
}

export function changeSetOf(r: CfnReader, name: string, stackName: string | undefined): ChangeSetRecord {
  if (name.startsWith('arn:')) {
    const cs = r.changeSet(name);
    if (cs) return cs;
  } else if (stackName !== undefined) {
    const stack = findStack(r, stackName);
    const cs = stack ? r.changeSets(stack.stackId).find((c) => c.changeSetName === name) : undefined;
    if (cs) return cs;
  } else {
    throw new ValidationError('StackName must be specified if ChangeSetName is not specified as an ARN.');
  }
  throw new ChangeSetNotFoundException(`ChangeSet [${name}] does not exist`);
}

export const isSettled = (s: StackRecord): boolean => TERMINAL_STATUSES.includes(s.status);
