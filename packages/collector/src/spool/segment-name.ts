/**
 * Names of spool segments, and the lake object names they lead to. A segment is named once, when
 * it is started, and every object uploaded from it is named after it (one per partition), so an
 * upload repeated after a crash or a failed attempt overwrites the same keys instead of storing
 * the rows a second time:
 *
 *   seg-000000000042.1714564800000_9f8e7d6c5b_000042.web-1.ndjson
 *       └ order      └ unique part (time, random, seq)  └ collector id when it was started
 *
 * → events/site_id=shop/dt=2024-05-01/hour=09/web-1-1714564800000_9f8e7d6c5b_000042.ndjson.gz
 *
 * The collector id is kept in the name because the default one (host and pid) changes with
 * every restart, and a retry must write the keys of the first attempt.
 */
import { uniquePart } from '@actionlake/schema/node';

const NAME = /^seg-(\d{12})\.(\d+_[0-9a-f]+_\d+)\.([A-Za-z0-9._-]{1,64})\.ndjson$/;
/** the names of earlier versions, without unique part and collector id; renamed on open */
const LEGACY = /^seg-(\d{12})\.ndjson$/;

export interface SegmentName {
  seq: number;
  /** the object name part after `<collectorId>-` */
  unique: string;
  collectorId: string;
}

export function segmentName(seq: number, collectorId: string, now = Date.now()): string {
  return `seg-${String(seq).padStart(12, '0')}.${uniquePart(now)}.${collectorId}.ndjson`;
}

export function parseSegmentName(file: string): SegmentName | null {
  const m = NAME.exec(file);
  return m ? { seq: Number(m[1]), unique: m[2], collectorId: m[3] } : null;
}

/** The sequence number of a segment named by an earlier version, or null. */
export function legacySegmentSeq(file: string): number | null {
  const m = LEGACY.exec(file);
  return m ? Number(m[1]) : null;
}
