/** Draws frames on a terminal in place: cursor up over the last frame, each line rewritten and cleared. */
export class FrameWriter {
  private drawn = 0;
  private last = '';

  constructor(private readonly out: NodeJS.WritableStream) {}

  /** Redraws only when the frame changed, in one write so the terminal never shows half a frame. */
  draw(lines: readonly string[]): void {
    const frame = lines.join('\n');
    if (frame === this.last) return;
    this.last = frame;
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A\r` : '';
    const body = lines.map((l) => `${l}\x1b[K\n`).join('');
    this.out.write(`${up}${this.drawn === 0 ? '\x1b[?25l' : ''}${body}\x1b[J`);
    this.drawn = lines.length;
  }

  /** Lines written below the frame (a question and its answer) that the next frame covers. */
  wroteBelow(lines: number): void {
    this.drawn += lines;
    this.last = '';
  }

  /** Leaves the last frame on screen and gives the cursor back. */
  end(): void {
    this.out.write('\x1b[?25h');
  }
}
