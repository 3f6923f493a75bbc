/**
 * A parsed batch → lake rows and bad rows in the spool → the answer for the page.
 * Valid events are enriched and spooled; invalid ones become bad rows with their reason; repeats of
 * a recent event_id are acknowledged but not stored again. Resolves only once the spool has them.
 */
import { type BadRow, type BatchResponse, type LakeRow } from '@actionlake/schema';
import type { Enricher, RequestContext } from '../enrich/enricher';
import type { Metrics } from '../metrics/metrics';
import type { Spool } from '../spool/spool';
import type { SuppressionList } from '../suppress/list';
import { DedupWindow } from './dedup';
import { type EventLimits } from './limits';
/** Why a whole request was refused; also the `reason` label of actionlake_events_rejected_total. */
export type RequestRejection = 'malformed_json' | 'body_too_large' | 'unsupported_media_type' | 'too_many_events' | 'invalid_batch' | 'invalid_site_id' | 'origin_not_allowed';
export type BatchOutcome = {
    status: 200;
    body: BatchResponse;
} | {
    status: 400 | 413;
    reason: RequestRejection;
    error: string;
};
export interface IngestorOptions {
    spool: Spool;
    enricher: Enricher;
    metrics: Metrics;
    dedupWindow: number;
    maxBatchEvents: number;
    badPayloadMaxBytes: number;
    /** SITES: when set, events of other sites become bad rows under `_unknown` */
    sites?: ReadonlySet<string> | null;
    /** EVENT_MAX_ITEMS, EVENT_MAX_ERRORS: checked on each event before the schema */
    eventLimits?: EventLimits;
    /** where the dedup window is kept across restarts; none: memory only */
    windowFile?: string;
    /** ids erased from the lake (contract §8): their events are acknowledged and not stored */
    suppression?: SuppressionList;
    /** called after every successful append (lets the flusher rotate by size) */
    onAppend?: () => void;
    /** each event once it is durable: a lake row ('e') or a bad row ('b') of `site` (the live view); must not throw or wait */
    onHandled?: (site: string, kind: 'e' | 'b', row: LakeRow | BadRow) => void;
}
export declare class Ingestor {
    private readonly o;
    readonly dedup: DedupWindow;
    /** ids claimed by a spool write that has not finished yet */
    private readonly inFlight;
    constructor(o: IngestorOptions);
    /**
     * Re-learns the ids of the last run: the saved window, then what the spool still holds.
     * Returns the number of events still in the spool.
     */
    restore(): Promise<number>;
    /** Saves the dedup window for the next start. */
    saveWindow(): Promise<void>;
    /**
     * Handles a body that parsed as JSON. The body becomes the Ingestor's: its events are completed
     * into lake rows in place (cheaper than copying each), so pass a fresh parse, not a shared object.
     */
    batch(body: unknown, raw: string, ctx: RequestContext): Promise<BatchOutcome>;
    private refuse;
    /** Stores a bad row for a request refused as a whole (payload truncated to BAD_PAYLOAD_MAX_BYTES). */
    rejectRequest(reason: RequestRejection, error: string, raw: string | null, ctx: RequestContext, events?: number, site?: unknown): Promise<void>;
}
