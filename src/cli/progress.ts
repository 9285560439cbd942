/**
 * A live progress line on stderr: rewritten in place on a terminal, a plain line every few seconds otherwise.
 */
export class ProgressLine {
  private lastPlainMs = 0;
  private readonly tty = process.stderr.isTTY === true;

  update(text: string): void {
    if (this.tty) {
      process.stderr.write(`\r\x1b[2K${text}`);
    } else if (Date.now() - this.lastPlainMs >= 5000) {
      this.lastPlainMs = Date.now();
      process.stderr.write(`${text}\n`);
    }
  }

  /** Ends the line so that what follows starts on a fresh one. */
  done(): void {
    if (this.tty) process.stderr.write('\n');
  }
}
