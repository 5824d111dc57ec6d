import type { HistoryEvent } from './interpreter/events.js';
import type { ExecutionRecord, StateMachineRecord } from './records.js';
import type { StatesChange, StatesDecision, StatesReader, StatesStore } from './store.js';

/**
 * The store in memory: for tests, and for measuring the interpreter without the disk
 * (`npm run bench:states`). Records are copied in and out, as a database would.
 */
export class MemoryStatesStore implements StatesStore {
  private readonly machineRows = new Map<string, StateMachineRecord>();
  private readonly executionRows = new Map<string, ExecutionRecord>();
  private readonly events = new Map<string, HistoryEvent[]>();

  private readonly reader: StatesReader = {
    machine: (arn) => copy(this.machineRows.get(arn)),
    machines: () =>
      [...this.machineRows.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((m) => copy(m)!),
    execution: (arn) => copy(this.executionRows.get(arn)),
    executions: (filter) =>
      [...this.executionRows.values()]
        .filter((e) => !filter.stateMachineArn || e.stateMachineArn === filter.stateMachineArn)
        .filter((e) => !filter.status || e.status === filter.status)
        .sort((a, b) => b.startDate - a.startDate)
        .map((e) => copy(e)!),
    runningExecutions: () => this.running().map((e) => e.arn),
    dueExecutions: (now) =>
      this.running()
        .filter((e) => e.wakeAt !== undefined && e.wakeAt <= now)
        .map((e) => e.arn),
    nextWake: (after = Number.MIN_SAFE_INTEGER) => {
      const times = this.running().flatMap((e) =>
        e.wakeAt === undefined || e.wakeAt <= after ? [] : [e.wakeAt],
      );
      return times.length > 0 ? Math.min(...times) : undefined;
    },
    history: (arn, page) => {
      const all = this.events.get(arn) ?? [];
      const picked =
        page.order === 'asc'
          ? all.filter((e) => e.id > page.afterId).slice(0, page.limit)
          : all
              .filter((e) => e.id < page.beforeId)
              .reverse()
              .slice(0, page.limit);
      return picked.map((e) => copy(e)!);
    },
  };

  private running(): ExecutionRecord[] {
    return [...this.executionRows.values()].filter((e) => e.status === 'RUNNING');
  }

  read<T>(query: (reader: StatesReader) => T): Promise<T> {
    try {
      return Promise.resolve(query(this.reader));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  transact<T>(decide: (reader: StatesReader) => StatesDecision<T>): Promise<T> {
    try {
      const { changes, result } = decide(this.reader);
      for (const change of changes) this.apply(change);
      return Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private apply(change: StatesChange): void {
    switch (change.kind) {
      case 'putMachine':
        this.machineRows.set(change.machine.arn, copy(change.machine)!);
        return;
      case 'deleteMachine':
        this.machineRows.delete(change.arn);
        return;
      case 'putExecution':
        this.executionRows.set(change.execution.arn, copy(change.execution)!);
        return;
      case 'appendEvents': {
        const list = this.events.get(change.arn) ?? [];
        list.push(...change.events.map((e) => copy(e)!));
        this.events.set(change.arn, list);
        return;
      }
    }
  }
}

function copy<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}
