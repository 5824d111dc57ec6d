import { runtimeError } from '../errors/states-error.js';
import { toJsonText, type Json } from '../json.js';
import { select } from '../paths/evaluate.js';
import { INTRINSICS, IntrinsicArgumentError, type IntrinsicEnv } from './functions.js';
import { IntrinsicSyntaxError, type Arg, type Call } from './parse.js';

/** Checks a parsed call against the function table: known names, argument counts. */
export function checkCall(call: Call): void {
  const fn = INTRINSICS[call.name];
  if (!fn) throw new IntrinsicSyntaxError(`${call.name} is not an intrinsic function`);
  if (call.args.length < fn.minArgs || call.args.length > fn.maxArgs) {
    throw new IntrinsicSyntaxError(`${call.name} takes ${describeArity(fn.minArgs, fn.maxArgs)}`);
  }
  for (const arg of call.args) if (arg.kind === 'call') checkCall(arg.call);
}

function describeArity(min: number, max: number): string {
  if (min === max) return `${min} argument${min === 1 ? '' : 's'}`;
  return max === Infinity ? `at least ${min} argument${min === 1 ? '' : 's'}` : `${min} to ${max} arguments`;
}

/**
 * Evaluates an intrinsic call against the state's input and context object. A failure is a
 * States.Runtime error whose cause reads as AWS's: "The function '<call>' had the following
 * error: ...".
 */
export function evaluateIntrinsic(
  text: string,
  call: Call,
  input: Json,
  context: Json,
  env: IntrinsicEnv,
): Json {
  try {
    return run(call, input, context, env);
  } catch (error) {
    if (error instanceof IntrinsicArgumentError) {
      throw runtimeError(`The function '${text}' had the following error: ${error.message}`);
    }
    throw error;
  }
}

function run(call: Call, input: Json, context: Json, env: IntrinsicEnv): Json {
  const fn = INTRINSICS[call.name]!;
  const values = call.args.map((arg) => value(arg, input, context, env));
  const raws = call.args.map((arg) => (arg.kind === 'string' ? arg.raw : undefined));
  return fn.run(values, env, raws);
}

function value(arg: Arg, input: Json, context: Json, env: IntrinsicEnv): Json {
  switch (arg.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return arg.value;
    case 'null':
      return null;
    case 'call':
      return run(arg.call, input, context, env);
    case 'path': {
      const root = arg.path.context ? context : input;
      const found = select(arg.path, root);
      if (!found.found) {
        throw new IntrinsicArgumentError(
          `The JsonPath argument for the field '${arg.path.text}' could not be found in the input '${toJsonText(root)}'`,
        );
      }
      return found.value;
    }
  }
}
