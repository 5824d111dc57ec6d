import { Command } from 'commander';
import { registerLogs } from './logs.js';
import { registerServe } from './serve.js';

const program = new Command()
  .name('gradual')
  .description('Serverless functions with safe, gradual deployments, on your own machine.')
  .showHelpAfterError();

registerServe(program);
registerLogs(program);

await program.parseAsync(process.argv);
