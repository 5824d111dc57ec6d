import { UNQUALIFIED_ONLY } from '../../functions/concurrency-rules.js';
import { functionNotFound, InvalidParameterValueException } from '../../functions/errors.js';
import { functionArn, LATEST } from '../../functions/names.js';
import { parseInput, parseJsonBody } from '../validation.js';
import { functionRef } from './function-name.js';
import { noContent, type LambdaRequest, type Operation } from './operation.js';
import type { Account } from '../../functions/names.js';
import { putConcurrencyBody } from './schemas.js';

/** Reserved concurrency belongs to the function as a whole: qualified names are refused. */
function unqualified(request: LambdaRequest, account: Account): string {
  const ref = functionRef(request, account);
  if (ref.qualifier !== undefined) throw new InvalidParameterValueException(UNQUALIFIED_ONLY);
  return ref.name;
}

export const putFunctionConcurrency: Operation = {
  name: 'PutFunctionConcurrency',
  method: 'PUT',
  path: '/2017-10-31/functions/:FunctionName/concurrency',
  async handle(request, { registry }) {
    const name = unqualified(request, registry.account);
    const body = parseInput(putConcurrencyBody, parseJsonBody(request.body));
    const reserved = await registry.putConcurrency(name, body.ReservedConcurrentExecutions);
    return { status: 200, body: { ReservedConcurrentExecutions: reserved } };
  },
};

export const getFunctionConcurrency: Operation = {
  name: 'GetFunctionConcurrency',
  method: 'GET',
  path: '/2019-09-30/functions/:FunctionName/concurrency',
  async handle(request, { registry }) {
    const name = unqualified(request, registry.account);
    const agg = await registry.load(name);
    if (!agg) throw functionNotFound(functionArn(registry.account, name, LATEST));
    const reserved = agg.fn.reservedConcurrency;
    return { status: 200, body: reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved } };
  },
};

export const deleteFunctionConcurrency: Operation = {
  name: 'DeleteFunctionConcurrency',
  method: 'DELETE',
  path: '/2017-10-31/functions/:FunctionName/concurrency',
  async handle(request, { registry }) {
    await registry.deleteConcurrency(unqualified(request, registry.account));
    return noContent;
  },
};
