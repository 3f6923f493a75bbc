/**
 * Reads a spool segment line by line in bounded memory. A trailing line without its newline is a
 * write cut short by a crash (never acknowledged): it is skipped and reported, not an error.
 */
import fs from 'node:fs';
import { decodeLine, type SpoolLine } from './record';

export interface SegmentStats {
  /** bytes after the last newline */
  tornBytes: number;
  /** complete lines that are not records (should not happen; logged and skipped) */
  corruptLines: number;
}

const NL = 0x0a;

export async function* readSegment(file: string, stats: SegmentStats = { tornBytes: 0, corruptLines: 0 }): AsyncGenerator<SpoolLine> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(NL, start); nl >= 0; nl = buf.indexOf(NL, start)) {
      const line = decodeLine(buf.subarray(start, nl));
      if (line) yield line;
      else if (nl > start) stats.corruptLines++;
      start = nl + 1;
    }
    rest = buf.subarray(start);
  }
  stats.tornBytes = rest.length;
}
