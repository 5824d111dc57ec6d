/** One thing to undo at shutdown, named for the error it may report. */
interface Undo {
  what: string;
  run: () => void | Promise<void>;
}

/**
 * The server's one list of things to undo. Each part of start-up adds its undo as soon as it has
 * started something; shutdown, and a start-up that fails part-way, run them newest first. So the
 * order things stop in is the order they started in, reversed, and a failed start leaves nothing
 * behind that a full start would have closed.
 */
export class Teardown {
  private readonly undos: Undo[] = [];
  private closing: Promise<void> | undefined;

  /** Adds an undo; refused once closing began (nothing may start during shutdown). */
  defer(what: string, run: () => void | Promise<void>): void {
    if (this.closing) throw new Error(`${what} started while the server was shutting down`);
    this.undos.push({ what, run });
  }

  /**
   * Runs every undo, newest first, each after the previous one finished. One that fails does not
   * stop the others: the first failure is thrown once all have run. Calling again returns the
   * same promise.
   */
  close(): Promise<void> {
    return (this.closing ??= this.runAll());
  }

  private async runAll(): Promise<void> {
    const failures: Error[] = [];
    for (const undo of this.undos.reverse()) {
      try {
        await undo.run();
      } catch (error) {
        failures.push(new Error(`shutdown: ${undo.what} failed`, { cause: error }));
      }
    }
    this.undos.length = 0;
    const [first] = failures;
    if (first) throw first;
  }
}
