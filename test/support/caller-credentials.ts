import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { buildZip } from '../../src/common/zip-writer.js';
import { createActiveFunction } from './lambda.js';

/**
 * A function that answers with its own temporary credentials: gradual has no IAM users, so a test
 * that calls as a role's session makes such a function with that role and asks it for them.
 */
const CREDENTIALS = `exports.handler = async () => ({
  accessKeyId: process.env.AWS_ACCESS_KEY_ID,
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
  sessionToken: process.env.AWS_SESSION_TOKEN,
});
`;

export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** Makes `name`, running as `roleArn`, to hand out that role's session credentials. */
export async function credentialsFunction(
  lambda: LambdaClient,
  name: string,
  roleArn: string,
): Promise<void> {
  await createActiveFunction(lambda, name, {
    Role: roleArn,
    Code: { ZipFile: await buildZip({ 'index.js': CREDENTIALS }) },
  });
}

/** The session credentials of the function `name`'s execution role. */
export async function credentialsOf(lambda: LambdaClient, name: string): Promise<SessionCredentials> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: name }));
  return JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8')) as SessionCredentials;
}
