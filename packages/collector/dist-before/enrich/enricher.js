"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Enricher = void 0;
/** Turns a valid WireEvent plus what the request tells us into a lake row. */
const schema_1 = require("@actionlake/schema");
const ip_1 = require("./ip");
const source_1 = require("./source");
const time_1 = require("./time");
const ua_1 = require("./ua");
class Enricher {
    opts;
    ua;
    constructor(opts) {
        this.opts = opts;
        this.ua = new ua_1.UaCache(opts.uaCacheSize);
    }
    /** Per-request work done once per batch: UA parse, geo lookup (on the full IP), IP reduction. */
    context(ctx) {
        let geo = null;
        if (this.opts.geo && ctx.ip) {
            try {
                geo = this.opts.geo(ctx.ip);
            }
            catch {
                geo = null;
            }
        }
        return { ua: this.ua.get(ctx.userAgent), geo, ip: (0, ip_1.storedIp)(ctx.ip, this.opts.ipMode), receivedAt: ctx.receivedAt.toISOString() };
    }
    row(event, ctx, shared) {
        const { source, source_type } = (0, source_1.classifySource)({
            utm: event.utm,
            click_ids: event.click_ids,
            referrer: event.page?.referrer,
            pageUrl: event.page?.url,
        });
        return {
            ...event,
            received_at: shared.receivedAt,
            occurred_at: (0, time_1.occurredAt)(event.triggered_at, ctx.sentAt, ctx.receivedAt),
            ip: shared.ip,
            ua: shared.ua,
            geo: shared.geo,
            source,
            source_type,
            schema_version: schema_1.SCHEMA_VERSION,
            collector_id: this.opts.collectorId,
        };
    }
}
exports.Enricher = Enricher;
