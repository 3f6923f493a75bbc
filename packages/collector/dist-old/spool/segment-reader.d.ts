import { type SpoolLine } from './record';
export interface SegmentStats {
    /** bytes after the last newline */
    tornBytes: number;
    /** complete lines that are not records (should not happen; logged and skipped) */
    corruptLines: number;
}
export declare function readSegment(file: string, stats?: SegmentStats): AsyncGenerator<SpoolLine>;
