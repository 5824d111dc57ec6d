import { z } from 'zod';
import { UNQUALIFIED_ONLY } from '../../functions/concurrency-rules.js';
import { functionNotFound, InvalidParameterValueException } from '../../functions/errors.js';
import { functionArn, LATEST, type Account } from '../../functions/names.js';
import { restOperation } from '../rest-operation.js';
import { functionRef, type FunctionMembers } from './function-name.js';
import { functionLabel, type LambdaDeps } from './operation.js';
import { putConcurrencyBody } from './schemas.js';

/** Reserved concurrency belongs to the function as a whole: qualified names are refused. */
function unqualified(input: FunctionMembers, account: Account): string {
  const ref = functionRef(input, account);
  if (ref.qualifier !== undefined) throw new InvalidParameterValueException(UNQUALIFIED_ONLY);
  return ref.name;
}

export const putFunctionConcurrency = restOperation({
  name: 'PutFunctionConcurrency',
  http: { method: 'PUT', path: '/2017-10-31/functions/:FunctionName/concurrency' },
  input: () => putConcurrencyBody.extend(functionLabel),
  async handle(body, { registry }: LambdaDeps) {
    const name = unqualified(body, registry.account);
    const reserved = await registry.putConcurrency(name, body.ReservedConcurrentExecutions);
    return { ReservedConcurrentExecutions: reserved };
  },
});

export const getFunctionConcurrency = restOperation({
  name: 'GetFunctionConcurrency',
  http: { method: 'GET', path: '/2019-09-30/functions/:FunctionName/concurrency' },
  input: () => z.object(functionLabel),
  async handle(input, { registry }: LambdaDeps) {
    const name = unqualified(input, registry.account);
    const agg = await registry.load(name);
    if (!agg) throw functionNotFound(functionArn(registry.account, name, LATEST));
    const reserved = agg.fn.reservedConcurrency;
    return reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved };
  },
});

export const deleteFunctionConcurrency = restOperation({
  name: 'DeleteFunctionConcurrency',
  http: { method: 'DELETE', path: '/2017-10-31/functions/:FunctionName/concurrency', status: 204 },
  input: () => z.object(functionLabel),
  async handle(input, { registry }: LambdaDeps) {
    await registry.deleteConcurrency(unqualified(input, registry.account));
    return undefined;
  },
});
