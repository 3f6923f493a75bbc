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
export type SpoolRecord = {
    k: 'e';
    s: string;
    r: LakeRow;
} | {
    k: 'b';
    s: string;
    r: BadRow;
};
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
export declare function encodeRecords(records: SpoolRecord[]): Buffer;
/** Decodes one line (without its newline); null when it is not a record of ours. */
export declare function decodeLine(line: Buffer): SpoolLine | null;
