/**
 * Reads a spool segment in bounded memory. A trailing line without its newline is a write cut
 * short by a crash (never acknowledged): it is skipped and reported, not an error.
 */
import fs from 'node:fs';
import { grown } from './grown-buffer';
import { decodeLine, lineHead, type SpoolLine } from './record';

export interface SegmentStats {
  /** bytes after the last newline */
  tornBytes: number;
  /** complete lines that are not records (should not happen; logged and skipped) */
  corruptLines: number;
}

const NL = 0x0a;

const CHUNK_BYTES = 1 << 20;

/**
 * The segment in chunks of about CHUNK_BYTES, each made of whole lines (every one ending in its
 * newline). With `reuse`, every chunk is a view of one buffer that the next chunk overwrites (no
 * garbage per MiB read: a flush of a 64 MiB segment left up to 128 MiB of dead buffers for the
 * garbage collector): the caller must be done with a chunk before asking for the next.
 */
export async function* lineChunks(file: string, stats: SegmentStats, reuse = false): AsyncGenerator<Buffer> {
  const fd = await fs.promises.open(file, 'r');
  try {
    let buf: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let kept = 0; // bytes of an incomplete line carried to the front of buf
    for (;;) {
      if (kept === buf.length) buf = grown(buf, kept, kept + 1); // a line longer than the buffer
      const { bytesRead } = await fd.read(buf, kept, buf.length - kept, null);
      if (bytesRead === 0) break;
      const filled = kept + bytesRead;
      const end = buf.lastIndexOf(NL, filled - 1) + 1;
      if (end > 0) yield buf.subarray(0, end);
      kept = filled - end;
      if (!reuse && end > 0) {
        const next = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, kept * 2));
        buf.copy(next, 0, end, filled);
        buf = next;
      } else buf.copyWithin(0, end, filled);
    }
    stats.tornBytes = kept;
  } finally {
    await fd.close();
  }
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

const UUID_LENGTH = 36;

/**
 * The event ids of the segment's event lines (their head's 4th field, record.ts) that are UUIDs,
 * one after another in one string (36 characters each: one string to send and read, not one per
 * id), read without decoding the rows. Other ids are never remembered as repeats.
 */
export async function segmentIds(file: string, stats: SegmentStats = { tornBytes: 0, corruptLines: 0 }): Promise<string> {
  let out: Buffer = Buffer.allocUnsafe(64 * UUID_LENGTH);
  let size = 0;
  for await (const buf of lineChunks(file, stats, true)) {
    for (let start = 0, nl = buf.indexOf(NL); nl >= 0; start = nl + 1, nl = buf.indexOf(NL, start)) {
      const head = lineHead(buf, start, nl);
      // the id is between the hour's tab and the one before the row
      if (!head || head.kind !== 'e' || head.row - 2 - head.hourEnd !== UUID_LENGTH) continue;
      if (size + UUID_LENGTH > out.length) out = grown(out, size, size + UUID_LENGTH);
      size += buf.copy(out, size, head.hourEnd + 1, head.row - 1);
    }
  }
  return out.toString('latin1', 0, size);
}
