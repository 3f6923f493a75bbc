/**
 * The live view with WORKERS > 1. A listener's stream is held by one worker, but a site's events
 * land on every worker. Each worker tells the primary how many listeners it holds per site; the
 * primary tells each worker which sites are listened to on *other* workers; a worker forwards only
 * those sites' events, and the primary hands each one to the workers listening. With no listener
 * anywhere, nothing crosses the processes, so ingest pays nothing for the feature.
 */
import { type Worker } from 'node:cluster';
import type { LiveHub } from './hub';
/** In a worker: joins its hub to the other workers' through the primary. */
export declare function joinWorkers(hub: LiveHub): void;
/** In the primary: the listener counts of every worker, and the events relayed between them. */
export declare class PrimaryRelay {
    private readonly listening;
    attach(w: Worker): void;
    /** Tells each worker the sites listened to on the others. */
    private announce;
}
