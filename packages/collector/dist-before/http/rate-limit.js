"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RateLimiter = void 0;
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
