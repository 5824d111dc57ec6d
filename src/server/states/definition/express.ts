import { schemaError, type Diagnostic, type Location } from './diagnostics.js';
import { mapProcessor, type Machine } from './types.js';

/**
 * What an EXPRESS machine may not use: "Express Workflows don't support the Job-run (.sync)
 * or Callback (.waitForTaskToken) service integration patterns" (the developer guide).
 * gradual refuses `.sync` for every machine already; here the callback pattern.
 */
export function expressProblems(machine: Machine, at: Location = []): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const [name, state] of Object.entries(machine.States)) {
    const where = [...at, 'States', name];
    switch (state.Type) {
      case 'Task':
        if (state.Resource.endsWith('.waitForTaskToken')) {
          problems.push(
            schemaError(`Express state machine does not support '.waitForTaskToken' service integration`, [
              ...where,
              'Resource',
            ]),
          );
        }
        break;
      case 'Parallel':
        state.Branches.forEach((b, i) => problems.push(...expressProblems(b, [...where, 'Branches', i])));
        break;
      case 'Map':
        problems.push(
          ...expressProblems(mapProcessor(state), [
            ...where,
            state.ItemProcessor ? 'ItemProcessor' : 'Iterator',
          ]),
        );
        break;
      default:
        break;
    }
  }
  return problems;
}
