/**
 * A failure inside an execution, named as Step Functions names it (`States.Runtime`, a Lambda
 * function's errorType, ...). Thrown by the pure data-processing code and caught by the
 * interpreter, which turns it into Retry/Catch handling or a failed execution.
 */
export class StatesError extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
  }
}

/** AWS's built-in error names (Amazon States Language, "Error names"). */
export const ErrorNames = {
  all: 'States.ALL',
  heartbeatTimeout: 'States.HeartbeatTimeout',
  timeout: 'States.Timeout',
  taskFailed: 'States.TaskFailed',
  permissions: 'States.Permissions',
  resultPathMatchFailure: 'States.ResultPathMatchFailure',
  parameterPathFailure: 'States.ParameterPathFailure',
  branchFailed: 'States.BranchFailed',
  noChoiceMatched: 'States.NoChoiceMatched',
  intrinsicFailure: 'States.IntrinsicFailure',
  runtime: 'States.Runtime',
  dataLimitExceeded: 'States.DataLimitExceeded',
} as const;

/** A runtime error: AWS reports path, parameter and intrinsic failures as States.Runtime. */
export function runtimeError(cause: string): StatesError {
  return new StatesError(ErrorNames.runtime, cause);
}

/**
 * Terminal errors: "States.ALL ... can't catch the States.DataLimitExceeded terminal error or the
 * States.Runtime error type" (Handling errors in Step Functions workflows). No Retry or Catch
 * applies to them.
 */
export function isTerminalError(error: string): boolean {
  return error === ErrorNames.runtime || error === ErrorNames.dataLimitExceeded;
}
