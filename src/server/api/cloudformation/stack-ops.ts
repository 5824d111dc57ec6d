import { z } from 'zod';
import { ValidationError, stackDoesNotExist } from '../../cloudformation/errors.js';
import type { StackRecord } from '../../cloudformation/model.js';
import { findStack, requireStack } from '../../cloudformation/stacks.js';
import { operation, type Operation } from '../operation.js';
import { required, serviceRole, type CfnApiDeps } from './inputs.js';
import { eventView, resourceView, stackSummary, stackView } from './views.js';

/** Stacks, their events and resources, and the exports of their outputs. */
export const STACK_OPERATIONS: readonly Operation<CfnApiDeps>[] = [
  operation(
    'DeleteStack',
    () => z.object({ StackName: required, RoleARN: z.string().optional() }),
    async (input, deps: CfnApiDeps, context) => {
      const roleArn = await serviceRole(input.RoleARN, deps);
      await deps.stacks.deleteStack(input.StackName, context.caller?.session, roleArn);
      return undefined;
    },
  ),
  operation(
    'DescribeStacks',
    () => z.object({ StackName: z.string().optional() }),
    async (input, deps: CfnApiDeps) => {
      const name = input.StackName;
      const stacks = await deps.store.read((r): StackRecord[] => {
        if (name === undefined) return r.stacks().filter((s) => s.status !== 'DELETE_COMPLETE');
        const s = findStack(r, name);
        if (!s) throw stackDoesNotExist(name);
        return [s];
      });
      return { Stacks: stacks.map(stackView) };
    },
  ),
  operation(
    'ListStacks',
    (t) => z.object({ StackStatusFilter: t.list(z.string()).optional() }),
    async (input, deps: CfnApiDeps) => {
      const filter = input.StackStatusFilter ?? [];
      const stacks = await deps.store.read((r) => r.stacks());
      return {
        StackSummaries: stacks
          .filter((s) => filter.length === 0 || filter.includes(s.status))
          .map(stackSummary),
      };
    },
  ),
  operation(
    'DescribeStackEvents',
    () => z.object({ StackName: required }),
    async (input, deps: CfnApiDeps) => {
      const events = await deps.store.read((r) => r.events(requireStack(r, input.StackName).stackId));
      return { StackEvents: events.map(eventView) };
    },
  ),
  operation(
    'DescribeStackResource',
    () => z.object({ StackName: required, LogicalResourceId: required }),
    async (input, deps: CfnApiDeps) => {
      const id = input.LogicalResourceId;
      return deps.store.read((r) => {
        const s = requireStack(r, input.StackName);
        const res = s.resources[id];
        if (!res) throw new ValidationError(`Resource ${id} does not exist for stack ${s.stackName}`);
        return {
          StackResourceDetail: {
            ...resourceView(s, res, 'LastUpdatedTimestamp'),
            Metadata: JSON.stringify(s.template.Resources[id]?.Metadata ?? {}),
          },
        };
      });
    },
  ),
  operation(
    'DescribeStackResources',
    () =>
      z.object({
        StackName: z.string().optional(),
        LogicalResourceId: z.string().optional(),
        PhysicalResourceId: z.string().optional(),
      }),
    async (input, deps: CfnApiDeps) => {
      const { StackName: name, LogicalResourceId: logical, PhysicalResourceId: physical } = input;
      if (name === undefined && physical === undefined)
        throw new ValidationError('Either StackName or PhysicalResourceId must be specified.');
      return deps.store.read((r) => {
        const stacks =
          name !== undefined
            ? [requireStack(r, name)]
            : r.stacks().filter((s) => Object.values(s.resources).some((x) => x.physicalId === physical));
        const out = stacks.flatMap((s) =>
          Object.values(s.resources)
            .filter(
              (x) =>
                (logical === undefined || x.logicalId === logical) &&
                (physical === undefined || x.physicalId === physical),
            )
            .map((x) => resourceView(s, x, 'Timestamp')),
        );
        return { StackResources: out };
      });
    },
  ),
  operation(
    'ListStackResources',
    () => z.object({ StackName: required }),
    async (input, deps: CfnApiDeps) =>
      deps.store.read((r) => {
        const s = requireStack(r, input.StackName);
        return {
          StackResourceSummaries: Object.values(s.resources).map((x) =>
            resourceView(s, x, 'LastUpdatedTimestamp'),
          ),
        };
      }),
  ),
  operation(
    'ListExports',
    () => z.object({}),
    async (_input, deps: CfnApiDeps) => {
      const stacks = await deps.store.read((r) => r.stacks());
      const exports = stacks
        .filter((s) => s.status !== 'DELETE_COMPLETE')
        .flatMap((s) =>
          s.outputs
            .filter((o) => o.exportName)
            .map((o) => ({ ExportingStackId: s.stackId, Name: o.exportName, Value: o.value })),
        );
      return { Exports: exports };
    },
  ),
];
