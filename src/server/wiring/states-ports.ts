import { ServiceError } from '../../common/errors.js';
import type { Random } from '../../common/random.js';
import type { AsyncQueue } from '../invoke/async-queue.js';
import type { Invoker } from '../invoke/invoker.js';
import type { MetricService } from '../metrics/metric-service.js';
import { parseFunctionName, type Account } from '../functions/names.js';
import type { Json } from '../states/json.js';
import type { LambdaInvoker, StatesMetrics } from '../states/ports.js';

/**
 * Step Functions' Lambda tasks through the platform's invoker: a name, partial or full ARN
 * (perhaps qualified); `Event` invocations join the async queue as Lambda's do. Lambda's
 * refusals come back as service errors for the interpreter to name `Lambda.<Code>`.
 */
export function statesInvoker(deps: {
  invoker: Invoker;
  asyncQueue: AsyncQueue;
  random: Random;
  account: Account;
}): LambdaInvoker {
  return {
    async invoke(effect) {
      const requestId = deps.random.uuid();
      try {
        const ref = parseFunctionName(effect.functionName, deps.account, {
          form: 'namespaced',
          qualifier: effect.qualifier,
        });
        const qualifier = effect.qualifier ?? ref.qualifier;
        const payload = Buffer.from(JSON.stringify(effect.payload));
        if (effect.invocationType === 'Event') {
          await deps.invoker.target(ref.name, qualifier);
          await deps.asyncQueue.enqueue({ requestId, functionName: ref.name, qualifier, payload });
          return {
            kind: 'ok',
            payload: '',
            executedVersion: qualifier ?? '$LATEST',
            requestId,
            statusCode: 202,
          };
        }
        const result = await deps.invoker.invoke({
          functionName: ref.name,
          qualifier,
          payload,
          requestId,
          invocationType: 'RequestResponse',
          tail: false,
          clientContext: effect.clientContext,
        });
        const body = parseBody(result.body.toString('utf8'));
        return result.functionError
          ? { kind: 'functionError', payload: body, executedVersion: result.executedVersion, requestId }
          : {
              kind: 'ok',
              payload: body,
              executedVersion: result.executedVersion,
              requestId,
              statusCode: 200,
            };
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        return {
          kind: 'serviceError',
          code: error.code,
          message: error.message,
          statusCode: error.status,
          requestId,
        };
      }
    },
  };
}

function parseBody(text: string): Json {
  if (text === '') return null;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/** AWS/States metrics by StateMachineArn: counts and ExecutionTime (milliseconds), as CloudWatch has them. */
export function statesMetrics(metrics: MetricService): StatesMetrics {
  return {
    record(stateMachineArn, metric, value, at) {
      metrics.put([
        {
          metric: {
            namespace: 'AWS/States',
            metricName: metric,
            dimensions: [{ name: 'StateMachineArn', value: stateMachineArn }],
          },
          timestamp: at,
          unit: metric === 'ExecutionTime' ? 'Milliseconds' : 'Count',
          value: { kind: 'value', value },
        },
      ]);
    },
  };
}
