import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';

/**
 * SDK serializers drop members the AWS model does not know, so gradual's own options are added
 * to the JSON body right after serialization (before content-length and signing), as gradual's
 * CLI does.
 */
export function withGradualOptions(
  client: CodeDeployClient,
  options: Record<string, unknown>,
): CodeDeployClient {
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { body?: unknown };
      const text =
        typeof request.body === 'string'
          ? request.body
          : request.body instanceof Uint8Array
            ? Buffer.from(request.body).toString('utf8')
            : undefined;
      if (text?.startsWith('{'))
        request.body = JSON.stringify({ ...(JSON.parse(text) as object), gradualOptions: options });
      return next(args);
    },
    { step: 'serialize', priority: 'low', name: 'gradualOptions' },
  );
  return client;
}
