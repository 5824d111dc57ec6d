/** An `Event` invocation waiting for its (next) attempt. */
export interface AsyncInvocationRecord {
  requestId: string;
  functionName: string;
  qualifier: string | undefined;
  payload: Buffer;
  /** Attempts made so far. */
  attempts: number;
  nextAttemptAt: number;
  enqueuedAt: number;
  /** Set while an attempt runs: found at start-up, the attempt was interrupted. */
  startedAt?: number;
}

export interface AsyncInvocationStore {
  add(record: AsyncInvocationRecord): Promise<void>;
  /** Records that an attempt started (before it runs). */
  markStarted(requestId: string, at: number): Promise<void>;
  /** Schedules the next attempt (and clears the started mark). */
  reschedule(requestId: string, attempts: number, nextAttemptAt: number): Promise<void>;
  /** Deletes the event and, in the same transaction, queues its destination's event if any. */
  remove(requestId: string, followUp?: AsyncInvocationRecord): Promise<void>;
  list(): Promise<AsyncInvocationRecord[]>;
  /** One event with its payload, read when its attempt is due. */
  get(requestId: string): Promise<AsyncInvocationRecord | undefined>;
}
