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
