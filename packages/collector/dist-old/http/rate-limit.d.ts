/**
 * Per-client token buckets: RATE_LIMIT_RPS tokens per second up to RATE_LIMIT_BURST; one request
 * costs one token. At most RATE_LIMIT_MAX_CLIENTS buckets are kept (least recently used dropped).
 */
export declare class RateLimiter {
    private readonly rps;
    private readonly burst;
    private readonly maxClients;
    private readonly now;
    private readonly buckets;
    constructor(rps: number, burst: number, maxClients: number, now?: () => number);
    get enabled(): boolean;
    /** 0 when the request may go ahead, else the seconds to wait before retrying. */
    take(client: string): number;
}
/**
 * Fair shares of the spool: the bytes each client address made the collector spool since the
 * last flush. A client over SPOOL_CLIENT_MAX_BYTES is refused (429) until the next flush empties
 * the spool; other clients are not affected, so one address cannot fill SPOOL_MAX_BYTES for all.
 * At most `maxClients` addresses are tracked between flushes (more are not limited).
 */
export declare class SpoolShares {
    private readonly maxBytes;
    private readonly maxClients;
    private readonly bytes;
    constructor(maxBytes: number, maxClients: number);
    full(client: string): boolean;
    add(client: string, n: number): void;
    /** After a flush: what was spooled is in the lake. */
    reset(): void;
}
