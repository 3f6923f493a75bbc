/**
 * What a spool segment holds: one record per line, a short tab-separated header and then the lake
 * row exactly as it will be written:
 *
 *   e<TAB>shop<TAB>2024-05-01T09<TAB>6f1c…-event-id<TAB>{"event_id":…}\n     (events)
 *   b<TAB>_unknown<TAB>2024-05-01T09<TAB><TAB>{"received_at":…}\n          (bad rows)
 *
 * The header carries what the flusher needs to pick the partition (kind, site, UTC hour of
 * received_at) and what a restart needs to rebuild the dedup window (event_id), so neither ever
 * parses or re-serializes a row. JSON.stringify escapes tabs and newlines, so a row holds neither.
 */
import type { BadRow, LakeRow } from '@actionlake/schema';

/**
 * `m`, when given, is the row's JSON already as text: its members in parts (UTF-8 bytes or strings,
 * each without braces), written as `{` + the non-empty parts joined by `,` + `}` instead of
 * JSON.stringify(r) (see ingest/event-texts.ts). It must say what `r` says.
 */
export type SpoolRecord = { k: 'e'; s: string; r: LakeRow; m?: readonly (Buffer | string)[] } | { k: 'b'; s: string; r: BadRow };

/** One line of a segment, decoded without parsing the row. */
export interface SpoolLine {
  kind: 'e' | 'b';
  site: string;
  /** UTC `YYYY-MM-DDTHH` of received_at */
  hour: string;
  /** event_id for events, '' for bad rows */
  id: string;
  /** the row's JSON, without the newline */
  row: Buffer;
}

const TAB = 0x09;
const HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}$/;

const KIND_EVENT = 0x65; // 'e'
const KIND_BAD = 0x62; // 'b'
const OPEN_OBJECT = 0x7b;

/** Where a line's header fields end; `row` is where its JSON starts. */
export interface LineHead {
  kind: 'e' | 'b';
  site: string;
  siteEnd: number;
  hourEnd: number;
  row: number;
}

/**
 * The kind and site of the line `buf[start, end)` and where its other fields are, without decoding
 * them (the live view reads every committed line this way); null when it is not a record of ours.
 */
export function lineHead(buf: Buffer, start: number, end: number): LineHead | null {
  const k = buf[start];
  if ((k !== KIND_EVENT && k !== KIND_BAD) || buf[start + 1] !== TAB) return null;
  const siteEnd = buf.indexOf(TAB, start + 2);
  const hourEnd = siteEnd < 0 || siteEnd >= end ? -1 : buf.indexOf(TAB, siteEnd + 1);
  const idEnd = hourEnd < 0 || hourEnd >= end ? -1 : buf.indexOf(TAB, hourEnd + 1);
  if (idEnd < 0 || idEnd >= end || buf[idEnd + 1] !== OPEN_OBJECT) return null; // every row is a JSON object
  return { kind: k === KIND_EVENT ? 'e' : 'b', site: buf.toString('latin1', start + 2, siteEnd), siteEnd, hourEnd, row: idEnd + 1 };
}

/** Decodes one line (without its newline); null when it is not a record of ours. */
export function decodeLine(line: Buffer): SpoolLine | null {
  const head = lineHead(line, 0, line.length);
  if (!head) return null;
  const hour = line.toString('latin1', head.siteEnd + 1, head.hourEnd);
  if (!HOUR.test(hour)) return null;
  return { kind: head.kind, site: head.site, hour, id: line.toString('latin1', head.hourEnd + 1, head.row - 1), row: line.subarray(head.row) };
}
