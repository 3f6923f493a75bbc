/**
 * Reads a spool segment in bounded memory. A trailing line without its newline is a write cut
 * short by a crash (never acknowledged): it is skipped and reported, not an error.
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

/** The segment in chunks of about 1 MiB, each made of whole lines (every one ending in its newline). */
export async function* lineChunks(file: string, stats: SegmentStats): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    const end = buf.lastIndexOf(NL) + 1;
    if (end > 0) yield buf.subarray(0, end);
    rest = buf.subarray(end);
  }
  stats.tornBytes = rest.length;
}

/** The records one by one. */
export async function* readSegment(file: string, stats: SegmentStats = { tornBytes: 0, corruptLines: 0 }): AsyncGenerator<SpoolLine> {
  for await (const buf of lineChunks(file, stats)) {
    for (let start = 0, nl = buf.indexOf(NL); nl >= 0; start = nl + 1, nl = buf.indexOf(NL, start)) {
      const line = decodeLine(buf.subarray(start, nl));
      if (line) yield line;
      else if (nl > start) stats.corruptLines++;
    }
  }
}
