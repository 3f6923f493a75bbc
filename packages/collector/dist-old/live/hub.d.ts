/**
 * The live view's hub (contract §9): every event the collector handles, accepted (a lake row) or
 * rejected (a bad row with its reason), goes to the listeners of its site as one Server-Sent Event.
 *
 * Ingest never waits for a listener: `publish` keeps a reference in a fixed ring of the last
 * LIVE_BUFFER_EVENTS events (what a new listener is shown first) and, only when the site has
 * listeners, serializes the event once; the events of a batch are written to each listener
 * together, right after (setImmediate), without awaiting. A listener whose
 * socket already holds more than LIVE_MAX_QUEUED_BYTES unsent (it does not read) is dropped.
 * Nothing is stored.
 */
import { type Registry } from 'prom-client';
import type { BadRow, LakeRow } from '@actionlake/schema';
export type LiveKind = 'accepted' | 'rejected';
export interface LiveLimits {
    /** events kept for a new listener (all sites together) */
    bufferEvents: number;
    /** listeners at once (all sites together); more are refused with 503 */
    maxListeners: number;
    /** bytes a listener's socket may hold unsent before it is dropped */
    maxQueuedBytes: number;
}
/** What a listener needs of an HTTP response: write without waiting, and how much is still unsent. */
export interface LiveSink {
    write(chunk: string): unknown;
    readonly writableLength: number;
    destroy(): unknown;
}
export interface LiveListener {
    site: string;
    sink: LiveSink;
}
/** The id of the definition whose `name` a click carries (null: `Element clicked` or none known); sync, from a cache. */
export type ActionIdOf = (site: string, action: string) => string | null;
/** Largest part of a rejected payload shown in the live view. */
export declare const LIVE_PAYLOAD_CHARS = 2000;
/** One event as the SSE text sent: `event: accepted|rejected`, `data: {...}`. The IP is left out. */
export declare function sseText(kind: LiveKind, row: LakeRow | BadRow, actionIdOf: ActionIdOf, site: string): string;
export declare class LiveHub {
    readonly limits: LiveLimits;
    private readonly actionIdOf;
    private readonly ring;
    private next;
    private readonly bySite;
    private count;
    private readonly dropped;
    private readonly sent;
    /** SSE text of each site not written yet, and how many events it holds */
    private readonly pending;
    private scheduled;
    /** listeners dropped for not reading, since the start */
    droppedTotal: number;
    constructor(limits: LiveLimits, actionIdOf?: ActionIdOf, registry?: Registry);
    get listeners(): number;
    /** With WORKERS > 1 (./cluster-relay.ts): this process's events for listeners on other workers. */
    forward: ((site: string, kind: LiveKind, row: LakeRow | BadRow) => void) | null;
    /** With WORKERS > 1: told when a site's listener count on this process changes. */
    onListeners: ((site: string, n: number) => void) | null;
    /** Called by the ingestor for every handled event; never throws, never waits. */
    publish(site: string, kind: LiveKind, row: LakeRow | BadRow): void;
    /** An event to this process's listeners (and its ring), whichever worker handled it. */
    deliver(site: string, kind: LiveKind, row: LakeRow | BadRow): void;
    private flush;
    /** Adds a listener and writes it the buffered events of its site; false when LIVE_MAX_LISTENERS are connected. */
    add(l: LiveListener): boolean;
    remove(l: LiveListener): void;
    /** Ends every stream (the collector is stopping). */
    closeAll(): void;
    private drop;
}
