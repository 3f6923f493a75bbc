import { type SpoolLine, type SpoolRecord } from './record';
import { type SegmentStats } from './segment-reader';
import { type SegmentName } from './segment-name';
/** Why the spool reported an error: the label of actionlake_spool_errors_total. */
export type SpoolErrorKind = 'write' | 'replaced' | 'lost';
export interface SpoolOptions {
    /** goes into the names of new segments, and from there into the object keys (default 'collector') */
    collectorId?: string;
    /** told about every problem: a failed write, the folder replaced (and recovered), segments lost */
    onError?: (kind: SpoolErrorKind, err: unknown) => void;
}
export declare class Spool {
    readonly dir: string;
    private readonly o;
    private fd;
    private seq;
    private activeName;
    /** identity of the active segment's file, to notice when its path names another file (or none) */
    private activeId;
    private failure;
    private readonly collectorId;
    private activeSize;
    private readonly sealedSizes;
    private pending;
    private commitQueued;
    private chain;
    constructor(dir: string, o?: SpoolOptions);
    /** Why appends fail right now (folder gone and not recreatable, disk full, ...), or null. */
    get problem(): string | null;
    /**
     * Readiness: recreates a removed folder, and after a failed write, checks whether the disk has
     * room again. Rejects with the reason while appends would fail.
     */
    check(): Promise<void>;
    /** Opens the spool: existing segments become sealed, a fresh active segment is started. */
    open(): Promise<void>;
    /** The sequence, unique part and collector id a segment was named with. */
    segment(name: string): SegmentName;
    /** Bytes waiting in the spool (sealed and active). */
    get bytes(): number;
    get activeBytes(): number;
    /** Sealed segment names, oldest first. */
    sealed(): string[];
    /** Appends records; resolves once they are on disk (fsync'd). */
    append(records: SpoolRecord[]): Promise<void>;
    /** Seals the active segment if it holds anything, and starts a new one. */
    rotate(): Promise<void>;
    /** The path of a segment. */
    file(segment: string): string;
    /** The records of a sealed segment, streamed; `stats` receives torn and corrupt line counts. */
    lines(segment: string, stats?: SegmentStats): AsyncGenerator<SpoolLine>;
    /** Every record in the sealed segments (used once on start, to rebuild the dedup window). */
    sealedLines(): AsyncGenerator<SpoolLine>;
    /** Deletes a sealed segment whose records are safely in the lake. */
    remove(segment: string): Promise<void>;
    /** Closes the active segment (and deletes it if it holds nothing). */
    close(): Promise<void>;
    private serial;
    private startSegment;
    /** Creates the next segment file (and makes its name durable). */
    private openSegment;
    /** Whether SPOOL_DIR/<active segment> is still the file we write to. */
    private linked;
    /**
     * Makes sure there is an open active segment that SPOOL_DIR still names. When the folder or the
     * file was removed or replaced, recreates the folder, starts a new segment and copies the first
     * `size` bytes of the orphaned one into it (fsync'd), so nothing acknowledged or about to be is
     * lost; forgets sealed segments that went with the folder. Throws when that cannot be done.
     */
    private ensureActive;
    /** Drops sealed segments that are no longer on disk (removed with the folder): their rows are lost. */
    forgetMissing(): Promise<number>;
    /** Writes and fsyncs everything pending as one group; on failure cuts the file back. */
    private commit;
}
