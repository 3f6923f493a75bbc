/**
 * The lines an import skipped, reported by their line number in the file: the first few on stderr
 * (with the reason), every one in `--bad FILE` when asked — a CSV of `line,reason,record` written
 * with the ground's CSV writer, whose cells a spreadsheet cannot take for a formula (the file's
 * values are anyone's text). Written as they come, so a million bad lines hold no memory.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { csvLine } from '../ground/output/csv';

/** how many bad lines stderr shows (the rest are counted; --bad FILE has them all) */
export const SHOWN_BAD_LINES = 20;

export class BadLines {
  count = 0;
  private readonly out: fs.WriteStream | null;

  constructor(private readonly warn: (text: string) => void, file: string | undefined) {
    this.out = file ? fs.createWriteStream(file) : null;
    this.out?.write(csvLine(['line', 'reason', 'record']));
  }

  async add(line: number, reason: string, fields: string[]): Promise<void> {
    this.count++;
    if (this.count <= SHOWN_BAD_LINES) this.warn(`line ${line}: ${reason}; skipped`);
    if (this.out && !this.out.write(csvLine([line, reason, fields.join(',')]))) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    if (this.count > SHOWN_BAD_LINES) this.warn(`${this.count - SHOWN_BAD_LINES} more bad lines${this.out ? ` (all ${this.count} in ${this.out.path})` : ' (--bad FILE lists every one)'}`);
    if (this.out) {
      this.out.end();
      await once(this.out, 'close');
    }
  }
}
