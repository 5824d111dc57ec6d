import { InvalidParameterValueException } from '../../functions/errors.js';
import {
  LATEST,
  parseFunctionName,
  type Account,
  type FunctionRef,
  type NameForm,
} from '../../functions/names.js';
import type { LambdaRequest } from './operation.js';

/** The function a request's path names, with `?Qualifier=` folded in. */
export function functionRef(request: LambdaRequest, account: Account, form: NameForm = 'plain'): FunctionRef {
  return parseFunctionName(request.params['FunctionName'] ?? '', account, {
    form,
    qualifier: request.query.get('Qualifier') ?? undefined,
  });
}

/** For operations on `$LATEST` only: a version or alias qualifier is refused. */
export function latestOnly(request: LambdaRequest, account: Account): string {
  const ref = functionRef(request, account);
  if (ref.qualifier !== undefined && ref.qualifier !== LATEST) {
    throw new InvalidParameterValueException(
      `This operation changes $LATEST only: specify the function without the qualifier '${ref.qualifier}'.`,
    );
  }
  return ref.name;
}
