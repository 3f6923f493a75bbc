"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Enricher = void 0;
/** Turns a valid WireEvent plus what the request tells us into a lake row. */
const schema_1 = require("@actionlake/schema");
const bot_1 = require("./bot");
const consent_1 = require("./consent");
const ip_1 = require("./ip");
const source_1 = require("./source");
const time_1 = require("./time");
const lru_1 = require("./lru");
const ua_1 = require("./ua");
class Enricher {
    opts;
    ua;
    bot;
    /** geo lookup (on the full address) and the stored address, per client address */
    addresses;
    constructor(opts) {
        this.opts = opts;
        this.ua = new ua_1.UaCache(opts.uaCacheSize);
        this.bot = new bot_1.BotCache(opts.uaCacheSize);
        this.addresses = new lru_1.Lru(opts.uaCacheSize, (full) => this.address(full ?? null));
    }
    /** Per-request work done once per batch: UA parse, geo lookup (on the full IP), IP reduction. */
    context(ctx) {
        const { geo, ip } = this.addresses.get(ctx.ip);
        return { ua: this.ua.get(ctx.userAgent), bot: this.bot.get(ctx.userAgent), geo, ip, receivedAt: ctx.receivedAt.toISOString(), skew: (0, time_1.clockSkew)(ctx.sentAt, ctx.receivedAt) };
    }
    address(full) {
        let geo = null;
        if (this.opts.geo && full) {
            try {
                geo = this.opts.geo(full);
            }
            catch {
                geo = null;
            }
        }
        return { geo, ip: (0, ip_1.storedIp)(full, this.opts.ipMode) };
    }
    row(event, ctx, shared) {
        const { source, source_type } = (0, source_1.classifySource)({
            utm: event.utm,
            click_ids: event.click_ids,
            referrer: event.page?.referrer,
            pageUrl: event.page?.url,
        });
        // the event is this request's own parsed copy: completing it in place is cheaper than a spread
        const row = event;
        row.received_at = shared.receivedAt;
        row.occurred_at = (0, time_1.occurredAtWithSkew)(event.triggered_at, shared.skew, ctx.receivedAt);
        row.ip = shared.ip;
        row.ua = shared.ua;
        row.geo = shared.geo;
        row.source = source;
        row.source_type = source_type;
        row.schema_version = schema_1.SCHEMA_VERSION;
        row.collector_id = this.opts.collectorId;
        row.consent = (0, consent_1.consentOf)(event.consent);
        row.bot = (0, bot_1.withSignals)(shared.bot, event.bot_signals);
        return row;
    }
}
exports.Enricher = Enricher;
