/**
 * Changes other nodes made, as every node hears them: a topic (`function`, `alarm`, ...) and a key
 * (the function's name, ...). Changes are numbered in commit order; a node follows them by
 * notification and checks the number it reached against the database, so a notification that never
 * came (or a reconnection) cannot leave a cache stale. A single node has no other nodes: nothing.
 */
export interface ChangeFeed {
  /** Hears changes of `topic` made by other nodes; the handler's promise is awaited by `sync`. */
  on(topic: string, handler: (key: string) => Promise<void> | void): () => void;
  /** Hears that changes may have been missed (the log was pruned past this node): reload all. */
  onReset(handler: () => Promise<void> | void): () => void;
  /**
   * Resolves once every change committed before the call has been handed to the handlers (and
   * their promises settled): a read after it sees every write acknowledged before it.
   */
  sync(): Promise<void>;
}

export const NO_OTHER_NODES: ChangeFeed = {
  on: () => () => undefined,
  onReset: () => () => undefined,
  sync: () => Promise.resolve(),
};
