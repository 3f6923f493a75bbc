export interface SegmentName {
    seq: number;
    /** the object name part after `<collectorId>-` */
    unique: string;
    collectorId: string;
}
export declare function segmentName(seq: number, collectorId: string, now?: number): string;
export declare function parseSegmentName(file: string): SegmentName | null;
/** The sequence number of a segment named by an earlier version, or null. */
export declare function legacySegmentSeq(file: string): number | null;
