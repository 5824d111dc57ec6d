import { InvalidParameterValueException } from '../../functions/errors.js';
import {
  LATEST,
  parseFunctionName,
  type Account,
  type FunctionRef,
  type NameForm,
} from '../../functions/names.js';

/** The members that name a function: the path's `FunctionName` and, where it is taken, `?Qualifier=`. */
export interface FunctionMembers {
  FunctionName: string;
  Qualifier?: string | undefined;
}

/** The function a request names, with `?Qualifier=` folded in. */
export function functionRef(input: FunctionMembers, account: Account, form: NameForm = 'plain'): FunctionRef {
  return parseFunctionName(input.FunctionName, account, { form, qualifier: input.Qualifier });
}

/** For operations on `$LATEST` only: a version or alias qualifier is refused. */
export function latestOnly(input: FunctionMembers, account: Account): string {
  const ref = functionRef(input, account);
  if (ref.qualifier !== undefined && ref.qualifier !== LATEST) {
    throw new InvalidParameterValueException(
      `This operation changes $LATEST only: specify the function without the qualifier '${ref.qualifier}'.`,
    );
  }
  return ref.name;
}
