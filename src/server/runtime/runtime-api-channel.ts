/**
 * What the Runtime API's rules need of a channel, whichever carries them: HTTP (Lambda's own, for
 * every runtime) or gradual's framed channel (its own bootstraps only).
 */
export interface ApiRequest {
  readonly method: string;
  /** Path and query, as in an HTTP request line. */
  readonly url: string;
  /** A header by its lower-case name. */
  header(name: string): string | undefined;
  /**
   * Hands over the body, or undefined once it passes `limit` bytes (the rest is thrown away): at
   * once when the channel has it already, so requests sent together are handled in their order.
   */
  body(limit: number, done: (body: Buffer | undefined) => void): void;
  /** The body is not wanted. */
  discard(): void;
}

export interface ApiReply {
  send(status: number, headers: Record<string, string | number>, body: Buffer | string): void;
  /** Calls back when whoever waits for this reply has gone (a long-polling runtime went away). */
  onGone(callback: () => void): void;
  destroy(): void;
}

export type ApiHandler = (req: ApiRequest, res: ApiReply) => void;

export interface ApiChannel {
  close(): Promise<void>;
}
