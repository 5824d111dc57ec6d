import { Command } from 'commander';
import { registerDemo } from './demo.js';
import { registerDeploy } from './deploy.js';
import { registerLogs } from './logs.js';
import { registerServe } from './serve.js';

// The SDK warns on every client that releases after January 2027 need Node 22; users need not see it.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const program = new Command()
  .name('gradual')
  .description('Serverless functions with safe, gradual deployments, on your own machine.')
  .showHelpAfterError();

registerServe(program);
registerLogs(program);
registerDeploy(program);
registerDemo(program);

await program.parseAsync(process.argv);
