import {
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  ListStacksCommand,
  type CloudFormationClient,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';

/** What `gradual stacks` shows of a stack, as the CloudFormation API describes it. */
export interface StackSummaryView {
  name: string;
  status: string;
  reason?: string;
  /** Last update, else creation (ms). */
  at: number;
}

export interface StackResourceView {
  logicalId: string;
  type: string;
  physicalId?: string;
  status: string;
  reason?: string;
}

export interface StackEventView {
  /** CloudFormation's EventId: what a follower has already shown. */
  id: string;
  at: number;
  logicalId: string;
  status: string;
  reason?: string;
}

export interface StackView extends StackSummaryView {
  outputs: { key: string; value: string }[];
  resources: StackResourceView[];
  /** Newest first, as DescribeStackEvents returns them. */
  events: StackEventView[];
}

const ms = (d: Date | undefined): number => d?.getTime() ?? 0;

/** Stacks that exist (deleted ones left out), newest change first, through ListStacks. */
export async function listStackViews(cfn: CloudFormationClient): Promise<StackSummaryView[]> {
  const out: StackSummaryView[] = [];
  let token: string | undefined;
  do {
    const page = await cfn.send(new ListStacksCommand({ NextToken: token }));
    for (const s of page.StackSummaries ?? []) {
      if (s.StackStatus === 'DELETE_COMPLETE') continue;
      out.push({
        name: s.StackName ?? '',
        status: s.StackStatus ?? '',
        ...(s.StackStatusReason ? { reason: s.StackStatusReason } : {}),
        at: ms(s.LastUpdatedTime ?? s.CreationTime),
      });
    }
    token = page.NextToken;
  } while (token);
  return out.sort((a, b) => b.at - a.at);
}

/**
 * The stack's events, newest first as DescribeStackEvents lists them, page after page; with
 * `known`, only those newer than the first known one met (no further page is read).
 */
export async function stackEvents(
  cfn: CloudFormationClient,
  name: string,
  known: (e: StackEvent) => boolean = () => false,
): Promise<StackEvent[]> {
  const events: StackEvent[] = [];
  let token: string | undefined;
  do {
    const page = await cfn.send(new DescribeStackEventsCommand({ StackName: name, NextToken: token }));
    for (const e of page.StackEvents ?? []) {
      if (known(e)) return events;
      events.push(e);
    }
    token = page.NextToken;
  } while (token);
  return events;
}

/** One stack with its outputs, resources and events (every page of them). */
export async function readStack(cfn: CloudFormationClient, name: string): Promise<StackView> {
  const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks ?? [];
  if (!stack) throw new Error(`Stack with id ${name} does not exist`);
  const resources =
    (await cfn.send(new DescribeStackResourcesCommand({ StackName: name }))).StackResources ?? [];
  const events = await stackEvents(cfn, name);
  return {
    name: stack.StackName ?? name,
    status: stack.StackStatus ?? '',
    ...(stack.StackStatusReason ? { reason: stack.StackStatusReason } : {}),
    at: ms(stack.LastUpdatedTime ?? stack.CreationTime),
    outputs: (stack.Outputs ?? []).map((o) => ({ key: o.OutputKey ?? '', value: o.OutputValue ?? '' })),
    resources: resources.map((r) => ({
      logicalId: r.LogicalResourceId ?? '',
      type: r.ResourceType ?? '',
      status: r.ResourceStatus ?? '',
      ...(r.PhysicalResourceId ? { physicalId: r.PhysicalResourceId } : {}),
      ...(r.ResourceStatusReason ? { reason: r.ResourceStatusReason } : {}),
    })),
    events: events.map((e) => ({
      id: e.EventId ?? '',
      at: ms(e.Timestamp),
      logicalId: e.LogicalResourceId ?? '',
      status: e.ResourceStatus ?? '',
      ...(e.ResourceStatusReason ? { reason: e.ResourceStatusReason } : {}),
    })),
  };
}
