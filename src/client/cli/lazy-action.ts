/**
 * A command's action, loaded when the command runs: `gradual --help` and the other commands never
 * load its modules (the AWS SDK clients above all: CommonJS packages Node scans for their named
 * exports on every start that imports them).
 */
export function loadedWhenRun<A extends unknown[]>(
  load: () => Promise<(...args: A) => Promise<void>>,
): (...args: A) => Promise<void> {
  return async (...args: A) => (await load())(...args);
}
