export type RowKind = 'events' | 'bad';
export declare const UNKNOWN_SITE = "_unknown";
/** The site partition of a bad row: the site it names if that is a valid id, else `_unknown`. */
export declare function badRowSite(site: unknown): string;
/** The UTC hour of a timestamp, `2024-05-01T09`: what a row's partition is made of. */
export declare function hourOf(receivedAt: string | Date): string;
/** `events/site_id=shop/dt=2024-05-01/hour=09/` for hour `2024-05-01T09` */
export declare function partitionPrefix(kind: RowKind, site: string, hour: string): string;
/**
 * The part of an object name after `<collector_id>-`: time, randomness and a per-process sequence,
 * so it is unique across restarts and collectors. Contains no `-`, so the collector id before it
 * stays unambiguous.
 */
export declare function uniquePart(now?: number): string;
/** The key of one object: `unique` comes from the spool segment it is made of (spool/segment-name.ts). */
export declare function objectKey(kind: RowKind, site: string, hour: string, collectorId: string, unique: string): string;
