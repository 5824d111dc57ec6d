import { Command } from 'commander';
import { registerDemo } from './demo.js';
import { registerDeploy } from './deploy.js';
import { registerDeployments } from './deployments.js';
import { registerEnv } from './env.js';
import { registerInvoke } from './invoke.js';
import { registerLogs } from './logs.js';
import { registerPlan } from './plan.js';
import { registerRollback } from './rollback.js';
import { registerServe } from './serve.js';
import { registerShift } from './shift.js';
import { registerStatus } from './status.js';
import { registerStop } from './stop.js';

// The SDK's notice about future Node versions is for developers, not for users of this CLI.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const program = new Command()
  .name('gradual')
  .description('Serverless functions with safe, gradual deployments, on your own machine.')
  .showHelpAfterError();

registerServe(program);
registerDeploy(program);
registerEnv(program);
registerStatus(program);
registerDeployments(program);
registerShift(program);
registerPlan(program);
registerRollback(program);
registerStop(program);
registerInvoke(program);
registerLogs(program);
registerDemo(program);

await program.parseAsync(process.argv);
