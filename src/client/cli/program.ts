import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../common/package-root.js';
import { registerDemo, type StartEmbeddedServer } from './demo.js';
import { registerDeploy } from './deploy.js';
import { registerDeployments } from './deployments.js';
import { registerEnv } from './env.js';
import { registerExec } from './exec.js';
import { registerExecutions } from './executions.js';
import { registerInvoke } from './invoke.js';
import { registerLogs } from './logs.js';
import { registerPlan } from './plan.js';
import { registerRollback } from './rollback.js';
import { registerShift } from './shift.js';
import { registerStacks } from './stacks.js';
import { registerStatus } from './status.js';
import { registerStop } from './stop.js';

/** What the client commands need from outside the client: a server to embed (the demo). */
export interface ProgramDeps {
  startServer: StartEmbeddedServer;
  /** Adds the server's own command (`serve`), registered first so `--help` lists it first. */
  registerServer(program: Command): void;
}

/** The checkout's package.json version. */
function version(): string {
  const file = join(packageRoot(), 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** The `gradual` command line: the server's command and every client command. */
export function gradualProgram(deps: ProgramDeps): Command {
  const program = new Command()
    .name('gradual')
    .description('Serverless functions with safe, gradual deployments, on your own machine.')
    .version(version(), '-V, --version', 'print the version')
    .showHelpAfterError();
  deps.registerServer(program);
  registerDeploy(program);
  registerEnv(program);
  registerExec(program);
  registerStatus(program);
  registerDeployments(program);
  registerExecutions(program);
  registerStacks(program);
  registerShift(program);
  registerPlan(program);
  registerRollback(program);
  registerStop(program);
  registerInvoke(program);
  registerLogs(program);
  registerDemo(program, deps.startServer);
  return program;
}
