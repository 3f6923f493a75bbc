/**
 * Moves the spool into the lake: seals the active segment, then for each sealed segment writes one
 * gzip NDJSON object per partition (kind, site, UTC date, hour) and deletes the segment only once
 * all of its objects are stored. Runs every FLUSH_INTERVAL_MS, when the active segment reaches
 * FLUSH_MAX_BYTES, on start (leftovers of a previous run) and on shutdown. Failures are counted,
 * logged and retried with exponential backoff; the spool keeps the data meanwhile.
 */
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/metrics';
import type { Spool } from '../spool/spool';
import type { LakeSink } from './sink';
export interface FlusherOptions {
    spool: Spool;
    sink: LakeSink;
    metrics: Metrics;
    logger: Logger;
    flushIntervalMs: number;
    flushMaxBytes: number;
    retryMaxDelayMs: number;
    /** objects written at the same time (UPLOAD_CONCURRENCY) */
    uploadConcurrency: number;
    /** partitions (objects) of one segment written per pass (FLUSH_MAX_PARTITIONS); the rest follow in the next pass */
    maxPartitions: number;
    /** runs after each successful flush pass (the app saves the dedup window) */
    afterFlush?: () => Promise<void>;
}
export declare class Flusher {
    private readonly o;
    private timer;
    private retryTimer;
    private running;
    private again;
    private failures;
    private stopped;
    /** aborted at the shutdown deadline: the upload under way gives up, the spool keeps its segment */
    private readonly shutdown;
    private readonly builder;
    /** partitions of a segment already stored, so a retry does not write them twice */
    private readonly done;
    constructor(o: FlusherOptions);
    start(): void;
    /** Called after each append: flush early when the active segment is big enough. */
    maybeFlush(): void;
    /** Background flush; errors are logged and retried. */
    trigger(): void;
    /** Flushes everything spooled so far; rejects if any object could not be written. */
    flush(): Promise<void>;
    /** Stops the timers and flushes until the spool is empty or `timeoutMs` passes. */
    close(timeoutMs: number): Promise<void>;
    private scheduleRetry;
    private flushOnce;
    /** Writes a sealed segment as one object per partition; deletes it once all are stored. */
    private uploadSegment;
    private write;
}
