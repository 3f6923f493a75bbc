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

/** Decodes one line (without its newline); null when it is not a record of ours. */
export function decodeLine(line: Buffer): SpoolLine | null {
  const tabs: number[] = [];
  for (let i = 0; i < line.length && tabs.length < 4; i++) if (line[i] === TAB) tabs.push(i);
  if (tabs.length < 4) return null;
  const kind = line.toString('latin1', 0, tabs[0]);
  const hour = line.toString('latin1', tabs[1] + 1, tabs[2]);
  if ((kind !== 'e' && kind !== 'b') || !HOUR.test(hour)) return null;
  const row = line.subarray(tabs[3] + 1);
  if (row[0] !== 0x7b) return null; // every row is a JSON object
  return { kind, site: line.toString('latin1', tabs[0] + 1, tabs[1]), hour, id: line.toString('latin1', tabs[2] + 1, tabs[3]), row };
}

const KIND_EVENT = 0x65; // 'e'
const KIND_BAD = 0x62; // 'b'

/**
 * The kind and site of the line `buf[start, end)` and where its row starts, without decoding the rest
 * (the live view reads every committed line); null when it is not a record of ours.
 */
export function lineHead(buf: Buffer, start: number, end: number): { kind: 'e' | 'b'; site: string; row: number } | null {
  const k = buf[start];
  if ((k !== KIND_EVENT && k !== KIND_BAD) || buf[start + 1] !== TAB) return null;
  const siteEnd = buf.indexOf(TAB, start + 2);
  const hourEnd = siteEnd < 0 || siteEnd >= end ? -1 : buf.indexOf(TAB, siteEnd + 1);
  const idEnd = hourEnd < 0 || hourEnd >= end ? -1 : buf.indexOf(TAB, hourEnd + 1);
  if (idEnd < 0 || idEnd >= end || buf[idEnd + 1] !== 0x7b) return null;
  return { kind: k === KIND_EVENT ? 'e' : 'b', site: buf.toString('latin1', start + 2, siteEnd), row: idEnd + 1 };
}
