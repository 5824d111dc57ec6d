import {
  DeleteFunctionEventInvokeConfigCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  PutFunctionEventInvokeConfigCommand,
  PutProvisionedConcurrencyConfigCommand,
  type DestinationConfig,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { errorName, text } from './names.js';

type Props = Record<string, unknown>;

const ignoreMissing = (e: unknown): void => {
  if (errorName(e) !== 'ResourceNotFoundException') throw e;
};

const number = (v: unknown): number | undefined => (v === undefined ? undefined : Number(v));

/**
 * An alias's `ProvisionedConcurrencyConfig`: put when given, removed when the template dropped it
 * (or the alias goes).
 */
export async function applyProvisioned(
  lambda: LambdaClient,
  p: Props,
  previous: Props | undefined,
): Promise<void> {
  const where = { FunctionName: text(p['FunctionName']), Qualifier: text(p['Name']) };
  const config = p['ProvisionedConcurrencyConfig'] as Props | undefined;
  if (config !== undefined)
    await lambda.send(
      new PutProvisionedConcurrencyConfigCommand({
        ...where,
        ProvisionedConcurrentExecutions: Number(config['ProvisionedConcurrentExecutions']),
      }),
    );
  else if (previous?.['ProvisionedConcurrencyConfig'] !== undefined)
    await lambda.send(new DeleteProvisionedConcurrencyConfigCommand(where)).catch(ignoreMissing);
}

/** AWS::Lambda::EventInvokeConfig: a function's (or version's, alias's) asynchronous invocation settings. */
export function lambdaEventInvokeConfig({ lambda }: ServiceClients): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      if (request.action === 'delete') {
        const prev = request.previous!;
        await lambda
          .send(
            new DeleteFunctionEventInvokeConfigCommand({
              FunctionName: text(prev.properties['FunctionName']),
              Qualifier: text(prev.properties['Qualifier']),
            }),
          )
          .catch(ignoreMissing);
        return { kind: 'done', physicalId: prev.physicalId ?? '', attributes: {} };
      }
      const p = request.properties;
      const maxAge = number(p['MaximumEventAgeInSeconds']);
      const retries = number(p['MaximumRetryAttempts']);
      // Put replaces every setting, so a property dropped from the template goes back to its default.
      await lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: text(p['FunctionName']),
          Qualifier: text(p['Qualifier']),
          ...(maxAge !== undefined ? { MaximumEventAgeInSeconds: maxAge } : {}),
          ...(retries !== undefined ? { MaximumRetryAttempts: retries } : {}),
          ...(p['DestinationConfig'] !== undefined
            ? { DestinationConfig: p['DestinationConfig'] as DestinationConfig }
            : {}),
        }),
      );
      // CloudFormation's physical id for this type: the function name and qualifier.
      return {
        kind: 'done',
        physicalId: `${text(p['FunctionName'])}|${text(p['Qualifier'])}`,
        attributes: {},
      };
    },
  };
}
