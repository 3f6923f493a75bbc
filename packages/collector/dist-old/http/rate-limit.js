"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SpoolShares = exports.RateLimiter = void 0;
/**
 * Per-client token buckets: RATE_LIMIT_RPS tokens per second up to RATE_LIMIT_BURST; one request
 * costs one token. At most RATE_LIMIT_MAX_CLIENTS buckets are kept (least recently used dropped).
 */
class RateLimiter {
    rps;
    burst;
    maxClients;
    now;
    buckets = new Map();
    constructor(rps, burst, maxClients, now = Date.now) {
        this.rps = rps;
        this.burst = burst;
        this.maxClients = maxClients;
        this.now = now;
    }
    get enabled() {
        return this.rps > 0;
    }
    /** 0 when the request may go ahead, else the seconds to wait before retrying. */
    take(client) {
        if (!this.enabled)
            return 0;
        const t = this.now();
        const b = this.buckets.get(client) ?? { tokens: this.burst, at: t };
        this.buckets.delete(client);
        b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.rps);
        b.at = t;
        this.buckets.set(client, b);
        if (this.buckets.size > this.maxClients)
            this.buckets.delete(this.buckets.keys().next().value);
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return 0;
        }
        return Math.max(1, Math.ceil((1 - b.tokens) / this.rps));
    }
}
exports.RateLimiter = RateLimiter;
/**
 * Fair shares of the spool: the bytes each client address made the collector spool since the
 * last flush. A client over SPOOL_CLIENT_MAX_BYTES is refused (429) until the next flush empties
 * the spool; other clients are not affected, so one address cannot fill SPOOL_MAX_BYTES for all.
 * At most `maxClients` addresses are tracked between flushes (more are not limited).
 */
class SpoolShares {
    maxBytes;
    maxClients;
    bytes = new Map();
    constructor(maxBytes, maxClients) {
        this.maxBytes = maxBytes;
        this.maxClients = maxClients;
    }
    full(client) {
        return (this.bytes.get(client) ?? 0) >= this.maxBytes;
    }
    add(client, n) {
        const had = this.bytes.get(client);
        if (had === undefined && this.bytes.size >= this.maxClients)
            return;
        this.bytes.set(client, (had ?? 0) + n);
    }
    /** After a flush: what was spooled is in the lake. */
    reset() {
        this.bytes.clear();
    }
}
exports.SpoolShares = SpoolShares;
