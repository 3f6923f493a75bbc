/**
 * Which events must not be stored: those whose anonymous_id or user_id is on their site's
 * suppression list (./file.ts). Lists are read from the lake and kept like the action definitions
 * (actions/store.ts): answered from memory for `cacheMs`, one read per site at a time, and while
 * the lake cannot be read the last copy (however old) is used and the failure is remembered for
 * FAILED_READ_MEMORY_MS. With no copy at all the site counts as having no list (logged): a lake
 * outage must not stop ingest, and the collector cannot write to the lake then either.
 * An empty list costs nothing per event; otherwise two SHA-256 per event.
 */
import type { WireEvent } from '@actionlake/schema';
import type { Logger } from 'pino';
import type { LakeSink } from '../lake/sink';
export interface SuppressionOptions {
    sink: LakeSink;
    cacheMs: number;
    /** a larger suppressed.json is not loaded (SUPPRESSED_MAX_BYTES) */
    maxBytes: number;
    /** deadline of each lake read (LAKE_REQUEST_TIMEOUT_MS): a batch waits for it, so a silent lake must not hold ingest */
    requestTimeoutMs?: number;
    /** sites whose list is kept in memory; default 1000 */
    maxCachedSites?: number;
    now?: () => Date;
    logger?: Logger;
}
export declare class SuppressionList {
    private readonly o;
    private readonly cache;
    private readonly loading;
    private readonly failedAt;
    private readonly now;
    constructor(o: SuppressionOptions);
    /** The hashes of a site's list (empty when it has none). Never rejects. */
    of(site: string): Promise<ReadonlySet<string>>;
    /**
     * For the events of one batch: a test telling whether an event is suppressed, or null when none
     * of their sites has a list (the usual case: nothing to hash).
     */
    matcher(events: readonly unknown[]): Promise<((e: WireEvent) => boolean) | null>;
    private read;
    private remember;
    private trim;
}
