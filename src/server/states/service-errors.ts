import { errorType } from '../../common/errors.js';

/** Step Functions' errors, named and worded as AWS names and words them (all 400). */
export class StateMachineDoesNotExist extends errorType('StateMachineDoesNotExist', 400) {}
export class StateMachineAlreadyExists extends errorType('StateMachineAlreadyExists', 400) {}
export class StateMachineTypeNotSupported extends errorType('StateMachineTypeNotSupported', 400) {}
export class ExecutionDoesNotExist extends errorType('ExecutionDoesNotExist', 400) {}
export class ExecutionAlreadyExists extends errorType('ExecutionAlreadyExists', 400) {}
export class InvalidDefinition extends errorType('InvalidDefinition', 400) {}
export class InvalidName extends errorType('InvalidName', 400) {}
export class InvalidArn extends errorType('InvalidArn', 400) {}
export class InvalidExecutionInput extends errorType('InvalidExecutionInput', 400) {}
export class InvalidOutput extends errorType('InvalidOutput', 400) {}
export class InvalidToken extends errorType('InvalidToken', 400) {}
export class TaskDoesNotExist extends errorType('TaskDoesNotExist', 400) {}
export class MissingRequiredParameter extends errorType('MissingRequiredParameter', 400) {}
export class ResourceNotFound extends errorType('ResourceNotFound', 400) {}

export const machineMissing = (arn: string) =>
  new StateMachineDoesNotExist(`State Machine Does Not Exist: '${arn}'`);
export const executionMissing = (arn: string) =>
  new ExecutionDoesNotExist(`Execution Does Not Exist: '${arn}'`);
export const invalidArn = (arn: string) =>
  new InvalidArn(`Invalid Arn: 'Resource type not valid in this context: ${arn}'`);

/** JSON text given for an input or output, or the error AWS gives for it. */
export function parseJsonText(text: string, fail: (detail: string) => Error): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error));
  }
}
