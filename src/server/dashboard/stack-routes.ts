import type { Context, Hono } from 'hono';
import type { DashboardAuth } from './auth.js';
import { NotFoundException } from './errors.js';
import type { LiveStreams } from './live.js';
import type { DashboardServices } from './services.js';
import { stackPage, stacksList } from './stack-page.js';

/** A stack name (CloudFormation allows 128 characters of these) or a stack id ARN. */
const STACK_REF =
  /^(?:[A-Za-z][A-Za-z0-9-]{0,127}|arn:aws:cloudformation:[a-z0-9-]+:\d{12}:stack\/[A-Za-z][A-Za-z0-9-]{0,127}\/[A-Za-z0-9-]+)$/;

function stackRef(c: Context): string {
  const ref = c.req.param('stack') ?? '';
  if (!STACK_REF.test(ref)) throw new NotFoundException(`Stack with id ${ref} does not exist`);
  return ref;
}

/**
 * The CloudFormation pages' data: `/ui/api/stacks` (every stack) and `/ui/api/stacks/<name or id>`
 * (its resources, events, and the deployments each operation started), each with a live stream
 * that the stack engine's steps and the deployment engine's changes feed.
 */
export function mountStacks(
  app: Hono,
  prefix: string,
  deps: { services: DashboardServices; auth: DashboardAuth; streams: LiveStreams; refreshMs: number },
): void {
  const { services, auth, streams, refreshMs } = deps;
  const stacks = services.cloudformation.engine;
  app.get(`${prefix}/api/stacks`, async (c) => {
    auth.requireSession(c);
    return c.json(await stacksList(services));
  });
  app.get(`${prefix}/api/stacks/events`, (c) => {
    const session = auth.requireSession(c);
    return streams.respond(c, {
      initial: ['stacks'],
      // CreateStack and CreateChangeSet write before the engine steps: a slow tick catches them.
      ticks: [{ kind: 'stacks', everyMs: refreshMs }],
      subscribe: (mark) => stacks.onChange(() => mark('stacks')),
      render: async () => JSON.stringify(await stacksList(services)),
      alive: () => auth.sessions.alive(session),
    });
  });
  app.get(`${prefix}/api/stacks/:stack`, async (c) => {
    auth.requireSession(c);
    return c.json(await stackPage(services, stackRef(c)));
  });
  app.get(`${prefix}/api/stacks/:stack/events`, async (c) => {
    const session = auth.requireSession(c);
    const ref = stackRef(c);
    const first = await stackPage(services, ref);
    return streams.respond(c, {
      initial: ['stack'],
      ticks: [{ kind: 'stack', everyMs: refreshMs }],
      subscribe(mark) {
        const offStacks = stacks.onChange((s) => {
          if (s.stackId === first.stack.stackId) mark('stack');
        });
        // A deployment the stack started moves on its own: its status shows on the page.
        const offDeployments = services.engine.onChange(() => mark('stack'));
        return () => {
          offStacks();
          offDeployments();
        };
      },
      render: async () => JSON.stringify(await stackPage(services, first.stack.stackId)),
      alive: () => auth.sessions.alive(session),
    });
  });
}
