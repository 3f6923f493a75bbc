"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SuppressionList = void 0;
const store_1 = require("../actions/store");
const deadline_1 = require("../lake/deadline");
const file_1 = require("./file");
const NONE = new Set();
class SuppressionList {
    o;
    cache = new Map();
    loading = new Map();
    failedAt = new Map();
    now;
    constructor(o) {
        this.o = o;
        this.now = o.now ?? (() => new Date());
    }
    /** The hashes of a site's list (empty when it has none). Never rejects. */
    async of(site) {
        const t = this.now().getTime();
        const hit = this.cache.get(site);
        if (hit && t - hit.at < this.o.cacheMs)
            return hit.hashes;
        const failed = this.failedAt.get(site);
        if (failed !== undefined && t - failed < store_1.FAILED_READ_MEMORY_MS)
            return hit?.hashes ?? NONE;
        let p = this.loading.get(site);
        if (!p) {
            p = this.read(site).then((hashes) => {
                this.failedAt.delete(site);
                this.remember(site, hashes);
                return hashes;
            }, (err) => {
                this.failedAt.set(site, this.now().getTime());
                this.trim(this.failedAt);
                const copy = this.cache.get(site)?.hashes;
                this.o.logger?.warn({ err, site, copy: copy?.size ?? null }, copy ? 'could not read the suppression list; using the copy in memory' : 'could not read the suppression list; none applied');
                return copy ?? NONE;
            });
            const done = () => void (this.loading.get(site) === p && this.loading.delete(site));
            p.then(done, done);
            this.loading.set(site, p);
        }
        return p;
    }
    /**
     * For the events of one batch: a test telling whether an event is suppressed, or null when none
     * of their sites has a list (the usual case: nothing to hash).
     */
    async matcher(events) {
        const sites = new Set();
        for (const e of events) {
            const s = e?.site_id;
            if (typeof s === 'string')
                sites.add(s);
        }
        const lists = new Map();
        for (const s of sites) {
            const hashes = await this.of(s);
            if (hashes.size)
                lists.set(s, hashes);
        }
        if (!lists.size)
            return null;
        return (e) => {
            const hashes = lists.get(e.site_id);
            if (!hashes)
                return false;
            return hashes.has((0, file_1.hashId)(e.anonymous_id)) || (typeof e.user_id === 'string' && hashes.has((0, file_1.hashId)(e.user_id)));
        };
    }
    async read(site) {
        const key = (0, file_1.suppressedKey)(site);
        const ms = this.o.requestTimeoutMs;
        const stored = ms
            ? await (0, deadline_1.withDeadline)(ms, `reading ${key} (LAKE_REQUEST_TIMEOUT_MS)`, (signal) => this.o.sink.get(key, { signal }))
            : await this.o.sink.get(key);
        if (!stored)
            return NONE;
        if (stored.body.length > this.o.maxBytes) {
            throw new Error(`${key} is ${stored.body.length} bytes; the limit is ${this.o.maxBytes} (SUPPRESSED_MAX_BYTES)`);
        }
        return (0, file_1.decodeSuppressed)(key, stored.body);
    }
    remember(site, hashes) {
        this.cache.delete(site);
        this.cache.set(site, { hashes, at: this.now().getTime() });
        this.trim(this.cache);
    }
    trim(map) {
        const max = this.o.maxCachedSites ?? 1000;
        while (map.size > max)
            map.delete(map.keys().next().value);
    }
}
exports.SuppressionList = SuppressionList;
