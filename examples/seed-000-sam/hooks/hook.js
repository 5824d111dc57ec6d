// A CodeDeploy lifecycle hook: checks the function answers through its alias, then reports the verdict
// (VERDICT=Failed reports a failure whatever the check says, to show a rollback).
const {
  CodeDeployClient,
  PutLifecycleEventHookExecutionStatusCommand,
} = require('@aws-sdk/client-codedeploy');
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');

exports.handler = async (event) => {
  let status = process.env.VERDICT === 'Failed' ? 'Failed' : 'Succeeded';
  if (status === 'Succeeded') {
    const reply = await new LambdaClient({}).send(
      new InvokeCommand({ FunctionName: process.env.TARGET, Qualifier: 'live' }),
    );
    if (reply.FunctionError) status = 'Failed';
  }
  await new CodeDeployClient({}).send(
    new PutLifecycleEventHookExecutionStatusCommand({
      deploymentId: event.DeploymentId,
      lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId,
      status,
    }),
  );
  return status;
};
