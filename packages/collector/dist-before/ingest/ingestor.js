"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Ingestor = void 0;
/**
 * A parsed batch → lake rows and bad rows in the spool → the answer for the page.
 * Valid events are enriched and spooled; invalid ones become bad rows with their reason; repeats of
 * a recent event_id are acknowledged but not stored again. Resolves only once the spool has them.
 */
const schema_1 = require("@actionlake/schema");
const keys_1 = require("../lake/keys");
const dedup_1 = require("./dedup");
const dedup_file_1 = require("./dedup-file");
const validate_1 = require("./validate");
class Ingestor {
    o;
    dedup;
    /** ids claimed by a spool write that has not finished yet */
    inFlight = new Map();
    constructor(o) {
        this.o = o;
        this.dedup = new dedup_1.DedupWindow(o.dedupWindow);
    }
    /**
     * Re-learns the ids of the last run: the saved window, then what the spool still holds.
     * Returns the number of events still in the spool.
     */
    async restore() {
        if (this.o.windowFile)
            await (0, dedup_file_1.loadDedupWindow)(this.o.windowFile, this.dedup);
        let n = 0;
        for await (const line of this.o.spool.sealedLines()) {
            if (line.kind === 'e') {
                this.dedup.add(line.id);
                n++;
            }
        }
        return n;
    }
    /** Saves the dedup window for the next start. */
    saveWindow() {
        return this.o.windowFile ? (0, dedup_file_1.saveDedupWindow)(this.o.windowFile, this.dedup) : Promise.resolve();
    }
    /** Handles a body that parsed as JSON. */
    async batch(body, raw, ctx) {
        const events = body && typeof body === 'object' && !Array.isArray(body) ? body.events : undefined;
        if (!Array.isArray(events)) {
            const error = 'body must be a JSON object with an "events" array';
            await this.rejectRequest('invalid_batch', error, raw, ctx);
            return { status: 400, reason: 'invalid_batch', error };
        }
        if (events.length > this.o.maxBatchEvents) {
            const error = `batch has ${events.length} events; the limit is ${this.o.maxBatchEvents} (MAX_BATCH_EVENTS)`;
            await this.rejectRequest('too_many_events', error, raw, ctx, events.length, events[0]?.site_id);
            return { status: 413, reason: 'too_many_events', error };
        }
        // A wrong site id is the sender's configuration, not one event's data: refuse the batch loudly.
        const badSite = events.findIndex((e) => e && typeof e === 'object' && 'site_id' in e && !isSiteId(e.site_id));
        if (badSite >= 0) {
            const value = JSON.stringify(events[badSite].site_id) ?? 'undefined';
            const error = `events[${badSite}].site_id ${value.slice(0, 80)} is not a valid site id (${schema_1.SITE_ID_PATTERN.source})`;
            await this.rejectRequest('invalid_site_id', error, raw, ctx, events.length);
            return { status: 400, reason: 'invalid_site_id', error };
        }
        const sentAt = body.sent_at;
        const reqCtx = { ...ctx, sentAt: typeof sentAt === 'string' ? sentAt : undefined };
        const shared = this.o.enricher.context(reqCtx);
        const records = [];
        const errors = [];
        const claimed = [];
        /** spool writes still under way for ids this batch repeats: answer only once they are durable */
        const awaiting = new Set();
        let duplicates = 0;
        events.forEach((value, index) => {
            const v = (0, validate_1.validateEvent)(value, `events[${index}]`);
            if (!v.ok) {
                const reason = (0, validate_1.summarize)(v.errors);
                errors.push({ index, reason });
                const site = (0, keys_1.badRowSite)(value?.site_id);
                records.push({ k: 'b', s: site, r: badRow(shared.receivedAt, reason, v.errors, value) });
                return;
            }
            if (this.dedup.has(v.event.event_id)) {
                duplicates++;
                const inFlight = this.inFlight.get(v.event.event_id);
                if (inFlight)
                    awaiting.add(inFlight);
                return;
            }
            this.dedup.add(v.event.event_id);
            claimed.push(v.event.event_id);
            const row = this.o.enricher.row(v.event, reqCtx, shared);
            records.push({ k: 'e', s: row.site_id, r: row });
        });
        const write = this.o.spool.append(records);
        for (const id of claimed)
            this.inFlight.set(id, write);
        try {
            await write;
        }
        catch (err) {
            for (const id of claimed)
                this.dedup.delete(id);
            throw err;
        }
        finally {
            for (const id of claimed)
                if (this.inFlight.get(id) === write)
                    this.inFlight.delete(id);
        }
        this.o.onAppend?.();
        // a repeat whose first copy failed to reach the disk is not acknowledged either: the page retries
        await Promise.all(awaiting);
        const accepted = events.length - errors.length;
        this.o.metrics.eventsAccepted.inc(accepted);
        if (duplicates)
            this.o.metrics.eventsDuplicate.inc(duplicates);
        if (errors.length)
            this.o.metrics.eventsRejected.inc({ reason: 'invalid_event' }, errors.length);
        return { status: 200, body: { accepted, rejected: errors.length, errors } };
    }
    /** Stores a bad row for a request refused as a whole (payload truncated to BAD_PAYLOAD_MAX_BYTES). */
    async rejectRequest(reason, error, raw, ctx, events = 1, site) {
        const payload = raw === null ? null : truncate(raw, this.o.badPayloadMaxBytes);
        const row = badRow(ctx.receivedAt.toISOString(), error, [error], payload);
        await this.o.spool.append([{ k: 'b', s: (0, keys_1.badRowSite)(site), r: row }]);
        this.o.onAppend?.();
        this.o.metrics.eventsRejected.inc({ reason }, events);
    }
}
exports.Ingestor = Ingestor;
const isSiteId = (v) => typeof v === 'string' && schema_1.SITE_ID_PATTERN.test(v);
function badRow(receivedAt, reason, errors, payload) {
    return { received_at: receivedAt, reason, errors, payload: storable(payload) };
}
/** The payload itself, or a note where it cannot be written as JSON (e.g. nested 100,000 deep). */
function storable(payload) {
    if (payload === undefined)
        return null;
    try {
        JSON.stringify(payload);
        return payload;
    }
    catch (err) {
        return `[payload not storable as JSON: ${err.message}]`;
    }
}
function truncate(text, maxBytes) {
    const buf = Buffer.from(text, 'utf8');
    if (buf.length <= maxBytes)
        return text;
    // cut on a character boundary: drop a partial trailing UTF-8 sequence
    return buf.subarray(0, maxBytes).toString('utf8').replace(/\uFFFD$/, '');
}
