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
}

export interface AsyncInvocationStore {
  add(record: AsyncInvocationRecord): Promise<void>;
  reschedule(requestId: string, attempts: number, nextAttemptAt: number): Promise<void>;
  remove(requestId: string): Promise<void>;
  list(): Promise<AsyncInvocationRecord[]>;
  /** One event with its payload, read when its attempt is due. */
  get(requestId: string): Promise<AsyncInvocationRecord | undefined>;
}
