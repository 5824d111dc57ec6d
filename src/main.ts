/**
 * The `gradual` program: the one place where the client side (commands that speak the public API)
 * meets the server side (`serve`, and the server the demo embeds).
 */
import { gradualProgram } from './client/cli/program.js';
import { ActionableError } from './common/errors.js';
import { registerServe } from './server/serve-command.js';

// The SDK's notice about future Node versions is for developers, not for users of this CLI.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

try {
  const program = gradualProgram({
    registerServer: registerServe,
    async startServer({ dataDir, timeScale }) {
      // Loaded on demand: client commands do not need the server's modules (about 0.3 s per start).
      const { startServer } = await import('./server/main.js');
      // The demo's functions never read the time: without libfaketime they run on real time.
      const server = await startServer({
        port: 0,
        gatewayPort: 0,
        dataDir,
        timeScale,
        allowRealFunctionClock: true,
      });
      return {
        url: server.url,
        region: server.options.region,
        accountId: server.options.accountId,
        credentials: server.credentials?.credentials,
        close: () => server.close(),
      };
    },
  });
  await program.parseAsync(process.argv);
} catch (error) {
  // Every failure is a line or two that says what to do; the stack only when asked for.
  const message = error instanceof Error ? error.message : String(error);
  const debug = process.env['GRADUAL_DEBUG'] && error instanceof Error ? `\n${error.stack}` : '';
  const hint = error instanceof ActionableError || debug ? '' : ' (GRADUAL_DEBUG=1 shows where)';
  process.stderr.write(`gradual: ${message}${hint}${debug}\n`);
  process.exitCode = 1;
}
