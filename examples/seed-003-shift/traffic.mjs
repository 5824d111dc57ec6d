// Steady traffic on an alias, as the seed recommends ("have some automation continuously invoking
// the alias"): `node traffic.mjs <function:alias> <requests per second>`, until stopped.
// Uses the AWS_* environment that `gradual env` prints. Prints per-version counts when stopped.
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const [target = 'MyFunction:MyAlias', rate = '20'] = process.argv.slice(2);
const [FunctionName, Qualifier] = target.split(':');
const lambda = new LambdaClient({ endpoint: process.env.AWS_ENDPOINT_URL, maxAttempts: 1 });
const counts = {};
let running = true;
const stop = () => {
  running = false;
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

const gapMs = 1000 / Number(rate);
let next = performance.now();
while (running) {
  const out = await lambda
    .send(new InvokeCommand({ FunctionName, Qualifier, Payload: Buffer.from('{}') }))
    .catch((error) => ({ ExecutedVersion: 'failed', FunctionError: String(error) }));
  const key = `v${out.ExecutedVersion}${out.FunctionError ? ' errors' : ''}`;
  counts[key] = (counts[key] ?? 0) + 1;
  next += gapMs;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
}
lambda.destroy();
console.log(`traffic on ${target}:`, JSON.stringify(counts));
