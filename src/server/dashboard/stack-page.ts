import type { StackPageView, StackSummaryView, StacksListView } from '../../contracts/stack-view.js';
import type { ResourceRecord, StackRecord } from '../cloudformation/model.js';
import type { Deployment } from '../deployments/model.js';
import { NotFoundException } from './errors.js';
import type { DashboardServices } from './services.js';
import { deploymentRow, deploymentsOf, operationWindows } from './stack-operations.js';

/** The CloudFormation pages: every stack in a list, and one with its resources, events and deployments. */

/** Stack events a page shows (the newest). */
const EVENTS_SHOWN = 300;
const GROUP_TYPE = 'AWS::CodeDeploy::DeploymentGroup';

function summary(s: StackRecord): StackSummaryView {
  return {
    name: s.stackName,
    stackId: s.stackId,
    status: s.status,
    ...(s.statusReason ? { statusReason: s.statusReason } : {}),
    ...(s.description ? { description: s.description } : {}),
    created: s.creationTime,
    ...(s.lastUpdatedTime !== undefined ? { updated: s.lastUpdatedTime } : {}),
    ...(s.deletionTime !== undefined ? { deleted: s.deletionTime } : {}),
    resourceCount: Object.keys(s.resources).length,
  };
}

export async function stacksList(services: DashboardServices): Promise<StacksListView> {
  const stacks = await services.cloudformation.store.read((r) => r.stacks());
  // A name in use again hides the deleted stacks that had it, as the console's default filter does.
  const live = new Set(stacks.filter((s) => s.status !== 'DELETE_COMPLETE').map((s) => s.stackName));
  const shown = stacks.filter((s) => s.status !== 'DELETE_COMPLETE' || !live.has(s.stackName));
  return { now: services.clock.now(), stacks: shown.map(summary) };
}

/** The stack's deployment groups, now and before the operation under way (one it may be removing). */
function groupsOf(s: StackRecord): { application: string; group: string }[] {
  const records: ResourceRecord[] = [
    ...Object.values(s.resources),
    ...Object.values(s.operation?.before ?? {}),
  ];
  const seen = new Map<string, { application: string; group: string }>();
  for (const r of records) {
    const application = r.properties['ApplicationName'];
    if (r.type !== GROUP_TYPE || !r.physicalId || typeof application !== 'string') continue;
    seen.set(`${application}/${r.physicalId}`, { application, group: r.physicalId });
  }
  return [...seen.values()];
}

/** A live stack by name, or any stack by its id (a deleted one's page stays reachable from the list). */
function find(stacks: StackRecord[], nameOrId: string): StackRecord | undefined {
  return (
    stacks.find((s) => s.stackId === nameOrId) ??
    stacks.find((s) => s.stackName === nameOrId && s.status !== 'DELETE_COMPLETE') ??
    stacks.find((s) => s.stackName === nameOrId)
  );
}

export async function stackPage(services: DashboardServices, nameOrId: string): Promise<StackPageView> {
  const read = await services.cloudformation.store.read((r) => {
    const stack = find(r.stacks(), nameOrId);
    return stack ? { stack, events: r.events(stack.stackId) } : undefined;
  });
  // CloudFormation's own words for a stack it does not know.
  if (!read) throw new NotFoundException(`Stack with id ${nameOrId} does not exist`);
  const { stack, events } = read;
  const groups = groupsOf(stack);
  const inGroups = await services.deployStore.read((r) =>
    groups
      .flatMap((g) => r.deploymentIds({ applicationName: g.application, groupName: g.group }))
      .map((id) => r.deployment(id))
      .filter((d): d is Deployment => d !== undefined),
  );
  return {
    now: services.clock.now(),
    stack: {
      ...summary(stack),
      parameters: stack.parameters.map((p) => ({ key: p.key, value: p.value })),
      outputs: stack.outputs.map((o) => ({
        key: o.key,
        value: o.value,
        ...(o.description ? { description: o.description } : {}),
      })),
    },
    resources: Object.values(stack.resources)
      .sort((a, b) => a.logicalId.localeCompare(b.logicalId))
      .map((r) => ({
        logicalId: r.logicalId,
        type: r.type,
        ...(r.physicalId ? { physicalId: r.physicalId } : {}),
        status: r.status,
        ...(r.statusReason ? { statusReason: r.statusReason } : {}),
        lastUpdated: r.lastUpdated,
      })),
    events: events.slice(0, EVENTS_SHOWN).map((e) => ({
      id: e.eventId,
      timestamp: e.timestamp,
      logicalId: e.logicalResourceId,
      physicalId: e.physicalResourceId,
      type: e.resourceType,
      status: e.resourceStatus,
      ...(e.resourceStatusReason ? { reason: e.resourceStatusReason } : {}),
    })),
    totalEvents: events.length,
    operations: operationWindows(events).map((w) => ({
      kind: w.kind,
      started: w.started,
      ...(w.ended !== undefined ? { ended: w.ended } : {}),
      status: w.status,
      deployments: deploymentsOf(w, inGroups).map(deploymentRow),
    })),
  };
}
