/**
 * Progress on a TTY (one line on stderr, redrawn at most every 100 ms), nothing otherwise; warnings
 * (a skipped object) always on stderr; the summary line is printed by the command. With `trace`
 * (ACTIONLAKE_TRACE=1), every step is also written on a line of its own with the wall and CPU
 * seconds since the start: where a build's time goes, for the benches.
 */
export class Progress {
  private last = 0;
  private shown = false;

  constructor(
    private readonly write: (text: string) => void = (t) => process.stderr.write(t),
    private readonly enabled = Boolean(process.stderr.isTTY) && !process.env.CI,
    private readonly columns = () => process.stderr.columns || 100,
    private readonly trace = false,
  ) {}

  private readonly started = Date.now();

  update(text: string, force = false): void {
    if (this.trace) {
      const cpu = process.cpuUsage();
      this.write(`actionlake: trace ${((Date.now() - this.started) / 1000).toFixed(2)} s wall ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU: ${text}\n`);
    }
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const width = this.columns() - 1;
    this.write(`\r\x1b[K${text.slice(0, width)}`);
    this.shown = true;
  }

  /** Clears the progress line (before printing anything else). */
  clear(): void {
    if (this.shown) this.write('\r\x1b[K');
    this.shown = false;
  }

  warn(text: string): void {
    this.clear();
    this.write(`actionlake: warning: ${text}\n`);
  }
}
