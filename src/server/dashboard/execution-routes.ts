import type { Context, Hono } from 'hono';
import { parseExecutionArn } from '../states/arns.js';
import type { DashboardAuth } from './auth.js';
import { NotFoundException } from './errors.js';
import { executionPage, executionsList } from './execution-page.js';
import type { LiveStreams } from './live.js';
import type { DashboardServices } from './services.js';

function executionArn(c: Context): string {
  const arn = c.req.param('arn') ?? '';
  if (!parseExecutionArn(arn)) throw new NotFoundException(`Execution Does Not Exist: '${arn}'`);
  return arn;
}

/**
 * The Step Functions pages' data: `/ui/api/executions` (every execution, newest first) and
 * `/ui/api/executions/<execution ARN>` (its graph, where it is, its history), each with a live
 * stream that the engine's changes feed.
 */
export function mountExecutions(
  app: Hono,
  prefix: string,
  deps: { services: DashboardServices; auth: DashboardAuth; streams: LiveStreams },
): void {
  const { services, auth, streams } = deps;
  const engine = services.states.engine;
  app.get(`${prefix}/api/executions`, async (c) => {
    auth.requireSession(c);
    return c.json(await executionsList(services));
  });
  app.get(`${prefix}/api/executions/events`, (c) => {
    const session = auth.requireSession(c);
    return streams.respond(c, {
      initial: ['executions'],
      ticks: [],
      subscribe: (mark) => engine.onChange(() => mark('executions')),
      render: async () => JSON.stringify(await executionsList(services)),
      alive: () => auth.sessions.alive(session),
    });
  });
  app.get(`${prefix}/api/executions/:arn`, async (c) => {
    auth.requireSession(c);
    return c.json(await executionPage(services, executionArn(c)));
  });
  app.get(`${prefix}/api/executions/:arn/events`, async (c) => {
    const session = auth.requireSession(c);
    const arn = executionArn(c);
    await executionPage(services, arn);
    return streams.respond(c, {
      initial: ['execution'],
      ticks: [],
      subscribe: (mark) =>
        engine.onChange((execution) => {
          if (execution.arn === arn) mark('execution');
        }),
      render: async () => JSON.stringify(await executionPage(services, arn)),
      alive: () => auth.sessions.alive(session),
    });
  });
}
