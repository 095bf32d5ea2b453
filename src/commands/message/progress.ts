/** A one-line progress display on a terminal's stderr for long runs; nothing otherwise. */
import type { Context } from '../../cli/context.js';
import { now } from '../../clock.js';

export class Progress {
  private timer?: NodeJS.Timeout;
  private shown = false;

  constructor(
    private readonly ctx: Context,
    private readonly text: () => string,
    delayMs = 1000,
  ) {
    if (!ctx.io.stderrIsTTY || ctx.out.opts.quiet) return;
    const started = now();
    this.timer = setInterval(() => {
      if (now() - started < delayMs) return;
      this.shown = true;
      ctx.io.stderr.write(`\r\u001b[2K${this.text()}`);
    }, 250);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.shown) this.ctx.io.stderr.write('\r\u001b[2K');
  }
}
