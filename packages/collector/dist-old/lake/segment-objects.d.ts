/**
 * One sealed spool segment → its lake objects: one gzip NDJSON body per partition (kind, site,
 * UTC hour), the largest partitions first and at most `max` of them; partitions in `skip` (already
 * stored by an earlier attempt) are left out. Pure file work: it runs in the segment worker
 * (segment-worker.ts) so that reading and compressing stay off the thread that answers requests.
 */
import { type SegmentStats } from '../spool/segment-reader';
import { type RowKind } from './keys';
export interface BuiltObject {
    partition: string;
    kind: RowKind;
    site: string;
    hour: string;
    rows: number;
    body: Buffer;
}
export interface BuiltSegment {
    /** at most `max`, largest first */
    objects: BuiltObject[];
    /** partitions of the segment still to store, the returned ones included */
    partitions: number;
    stats: SegmentStats;
}
export declare function buildObjects(file: string, skip: readonly string[], max: number): Promise<BuiltSegment>;
