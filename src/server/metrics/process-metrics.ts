import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | undefined;

/**
 * The process's own metrics (CPU, memory, handles, event-loop lag, GC), one registry per process:
 * they describe the process, not a server. prom-client's default collectors start an event-loop
 * delay monitor (a 10 ms timer) and a GC observer that nothing can stop, so a registry per server
 * would leave a pair running for every server a process ever started (a test process starts many).
 */
export function processMetrics(): Registry {
  if (shared === undefined) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
