/**
 * What a spool segment holds: one JSON record per line, `{"k":"e"|"b","s":site,"r":row}` —
 * k = events or bad, s = the site partition, r = the lake row exactly as it will be written.
 */
import type { BadRow, LakeRow } from '@actionlake/schema';

export type SpoolRecord = { k: 'e'; s: string; r: LakeRow } | { k: 'b'; s: string; r: BadRow };

export function encodeRecords(records: SpoolRecord[]): Buffer {
  return Buffer.from(records.map((r) => JSON.stringify(r) + '\n').join(''), 'utf8');
}

export interface DecodedSegment {
  records: SpoolRecord[];
  /** bytes after the last newline: a write cut short by a crash, never acknowledged */
  tornBytes: number;
  /** complete lines that are not records (should not happen; logged and skipped) */
  corruptLines: number;
}

function isRecord(v: unknown): v is SpoolRecord {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return (o.k === 'e' || o.k === 'b') && typeof o.s === 'string' && !!o.r && typeof o.r === 'object';
}

/** Parses a segment; an incomplete trailing line (torn write) is ignored, not an error. */
export function decodeSegment(buf: Buffer): DecodedSegment {
  const end = buf.lastIndexOf(0x0a) + 1;
  const records: SpoolRecord[] = [];
  let corruptLines = 0;
  for (const line of buf.subarray(0, end).toString('utf8').split('\n')) {
    if (!line) continue;
    try {
      const rec = JSON.parse(line);
      if (isRecord(rec)) records.push(rec);
      else corruptLines++;
    } catch {
      corruptLines++;
    }
  }
  return { records, tornBytes: buf.length - end, corruptLines };
}
