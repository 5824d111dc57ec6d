import {
  PutLifecycleEventHookExecutionStatusCommand,
  type CodeDeployClient,
} from '@aws-sdk/client-codedeploy';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import {
  aliasOf,
  appSpec,
  codeDeployClient,
  createGroup,
  deploy,
  deploymentOf,
  functionWithVersions,
} from '../support/codedeploy.js';
import { ROLE } from '../support/functions.js';
import { withGradualOptions } from '../support/gradual-options.js';
import { awsError, waitUntil } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedFetch } from '../support/signed-fetch.js';

let t: TestServer;
let cd: CodeDeployClient;

/** The seed's BeforeAllowTraffic hook (seed 001), in Python with boto3; HOOK_STATUS picks the verdict. */
const SEED_HOOK = `import json
import os
import boto3

def lambda_handler(event, context):
    print("BeforeAllowTraffic Hook Triggered")
    deployment_id = event.get("DeploymentId", "Unknown")
    lifecycle_event_hook_execution_id = event.get("LifecycleEventHookExecutionId", "Unknown")
    status = os.environ.get("HOOK_STATUS", "Succeeded") if deployment_id != "Unknown" else "Failed"
    codedeploy_client = boto3.client("codedeploy")
    codedeploy_client.put_lifecycle_event_hook_execution_status(
        deploymentId=deployment_id,
        lifecycleEventHookExecutionId=lifecycle_event_hook_execution_id,
        status=status,
    )
    return {"statusCode": 200, "body": json.dumps({"status": status})}
`;

/** An AfterAllowTraffic hook in Node, with the SDK v3 the runtime provides. */
const NODE_HOOK = `const { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } = require('@aws-sdk/client-codedeploy');
exports.handler = async (event) => {
  await new CodeDeployClient({}).send(new PutLifecycleEventHookExecutionStatusCommand({
    deploymentId: event.DeploymentId,
    lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId,
    status: 'Succeeded',
  }));
  return 'reported';
};
`;

async function hookFunction(
  name: string,
  runtime: 'python3.11' | 'nodejs20.x',
  files: Record<string, string>,
  env: Record<string, string> = {},
): Promise<void> {
  await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: runtime,
      Role: ROLE,
      Handler: runtime === 'python3.11' ? 'hook.lambda_handler' : 'index.handler',
      Code: { ZipFile: await buildZip(files) },
      Timeout: 30,
      Environment: { Variables: env },
    }),
  );
  await waitUntil(t.lambda, name, (c) => c.State === 'Active');
}

async function finished(id: string): Promise<Awaited<ReturnType<typeof deploymentOf>>> {
  for (let i = 0; i < 400; i++) {
    const d = await deploymentOf(cd, id);
    if (d.status === 'Succeeded' || d.status === 'Failed' || d.status === 'Stopped') return d;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`deployment ${id} did not finish`);
}

beforeAll(async () => {
  t = await startTestServer();
  cd = codeDeployClient(t);
  await hookFunction('seed-hook', 'python3.11', { 'hook.py': SEED_HOOK });
  await hookFunction('failing-hook', 'python3.11', { 'hook.py': SEED_HOOK }, { HOOK_STATUS: 'Failed' });
  await hookFunction('silent-hook', 'nodejs20.x', {
    'index.js': 'exports.handler = async () => "never reports";\n',
  });
  await hookFunction('node-hook', 'nodejs20.x', { 'index.js': NODE_HOOK });
});
afterAll(async () => {
  cd.destroy();
  await t.dispose();
});

describe('lifecycle hooks', () => {
  it("Given the seed's Python hook that reports Succeeded, the deployment proceeds through both hooks", async () => {
    await functionWithVersions(t.lambda, 'hooked');
    await createGroup(cd, 'app', 'ok');
    const id = await deploy(
      cd,
      'app',
      'ok',
      appSpec('hooked', '1', '2', { BeforeAllowTraffic: 'seed-hook', AfterAllowTraffic: 'node-hook' }),
    );
    const done = await finished(id);
    expect(done.status).toBe('Succeeded');
    expect(await aliasOf(t.lambda, 'hooked')).toEqual({ version: '2', weights: undefined });
  });

  it('Given a hook that reports Failed, the deployment fails before any traffic moves, and rolls back when asked', async () => {
    await functionWithVersions(t.lambda, 'refused');
    await createGroup(cd, 'app', 'refusing', {
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
    });
    const id = await deploy(
      cd,
      'app',
      'refusing',
      appSpec('refused', '1', '2', { BeforeAllowTraffic: 'failing-hook' }),
    );
    const done = await finished(id);
    expect(done).toMatchObject({
      status: 'Failed',
      errorInformation: {
        code: 'HOOK_EXECUTION_FAILURE',
        message: 'The BeforeAllowTraffic hook failing-hook reported Failed.',
      },
    });
    expect(done.rollbackInfo?.rollbackDeploymentId).toMatch(/^d-/);
    expect(await aliasOf(t.lambda, 'refused')).toEqual({ version: '1', weights: undefined });
  });

  it('Given a hook that never reports, its event fails after the hook timeout', async () => {
    await functionWithVersions(t.lambda, 'waiting');
    withGradualOptions(cd, { hookTimeoutSeconds: 1 });
    await createGroup(cd, 'app', 'impatient');
    const id = await deploy(
      cd,
      'app',
      'impatient',
      appSpec('waiting', '1', '2', { BeforeAllowTraffic: 'silent-hook' }),
    );
    const done = await finished(id);
    expect(done.errorInformation).toEqual({
      code: 'HOOK_EXECUTION_FAILURE',
      message:
        'The BeforeAllowTraffic hook silent-hook did not report its status (PutLifecycleEventHookExecutionStatus) within 1 seconds.',
    });
    cd.middlewareStack.remove('gradualOptions');
  });

  it('Given a hook function that does not exist, the event fails at once', async () => {
    await functionWithVersions(t.lambda, 'orphan');
    await createGroup(cd, 'app', 'orphaned');
    const id = await deploy(
      cd,
      'app',
      'orphaned',
      appSpec('orphan', '1', '2', { BeforeAllowTraffic: 'no-such-hook' }),
    );
    const done = await finished(id);
    expect(done.errorInformation?.message).toMatch(
      /^CodeDeploy could not invoke the hook no-such-hook: Function not found/,
    );
  });

  it('answers bad and late reports with their exceptions', async () => {
    await functionWithVersions(t.lambda, 'reported');
    await createGroup(cd, 'app', 'reports');
    const id = await deploy(
      cd,
      'app',
      'reports',
      appSpec('reported', '1', '2', { BeforeAllowTraffic: 'seed-hook' }),
    );
    await finished(id);
    const bad = await awsError(
      cd.send(
        new PutLifecycleEventHookExecutionStatusCommand({
          deploymentId: id,
          lifecycleEventHookExecutionId: 'x',
          status: 'Maybe' as 'Succeeded',
        }),
      ),
    );
    expect(bad.name).toBe('InvalidLifecycleEventHookExecutionStatusException');
    const unknown = await awsError(
      cd.send(
        new PutLifecycleEventHookExecutionStatusCommand({
          deploymentId: id,
          lifecycleEventHookExecutionId: 'x',
          status: 'Succeeded',
        }),
      ),
    );
    expect(unknown.name).toBe('InvalidLifecycleEventHookExecutionIdException');
    const response = await signedFetch(`${t.server.url}/_gradual/v1/deployments/${id}`, {
      credentials: t.credentials,
      service: 'gradual',
    });
    const { deployment } = (await response.json()) as {
      deployment: { gradual: { hooks: { executionId: string; status: string }[] } };
    };
    const [hook] = deployment.gradual.hooks;
    expect(hook?.status).toBe('Succeeded');
    const late = await awsError(
      cd.send(
        new PutLifecycleEventHookExecutionStatusCommand({
          deploymentId: id,
          lifecycleEventHookExecutionId: hook!.executionId,
          status: 'Failed',
        }),
      ),
    );
    expect(late.name).toBe('LifecycleEventAlreadyCompletedException');
  });
});
