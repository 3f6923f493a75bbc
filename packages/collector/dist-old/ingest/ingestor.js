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
const expand_1 = require("./expand");
const dedup_file_1 = require("./dedup-file");
const limits_1 = require("./limits");
const validate_1 = require("./validate");
const well_formed_1 = require("./well-formed");
class Ingestor {
    o;
    dedup;
    /** ids claimed by a spool write that has not finished yet */
    inFlight = new Map();
    constructor(o) {
        this.o = o;
        this.dedup = new dedup_1.DedupWindow(o.dedupWindow);
        (0, validate_1.validator)(); // compile the schema now, not in the first request
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
    /**
     * Handles a body that parsed as JSON. The body becomes the Ingestor's: its events are completed
     * into lake rows in place (cheaper than copying each), so pass a fresh parse, not a shared object.
     */
    async batch(body, raw, ctx) {
        if (typeof (body = (0, expand_1.expandBatch)(body)) === 'string')
            return this.refuse(body, raw, ctx);
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
        const suppressed = this.o.suppression ? await this.o.suppression.matcher(events) : null;
        const records = [];
        const errors = [];
        const claimed = [];
        /** spool writes still under way for ids this batch repeats: answer only once they are durable */
        const awaiting = new Set();
        let duplicates = 0;
        let dropped = 0;
        const limits = this.o.eventLimits ?? limits_1.DEFAULT_EVENT_LIMITS;
        const sites = this.o.sites;
        for (let index = 0; index < events.length; index++) {
            const value = events[index];
            const site = value?.site_id;
            const v = sites && typeof site === 'string' && !sites.has(site)
                ? { ok: false, errors: [`events[${index}].site_id "${site}" is not in SITES`] }
                : (0, validate_1.validateEvent)(value, `events[${index}]`, limits);
            if (!v.ok) {
                const reason = (0, validate_1.summarize)(v.errors);
                errors.push({ index, reason });
                const partition = sites && typeof site === 'string' && !sites.has(site) ? keys_1.UNKNOWN_SITE : (0, keys_1.badRowSite)(site);
                records.push({ k: 'b', s: partition, r: (0, well_formed_1.wellFormed)(badRow(shared.receivedAt, reason, v.errors, storable(value, this.o.badPayloadMaxBytes))) });
                continue;
            }
            if (suppressed?.(v.event)) {
                dropped++;
                continue;
            }
            // a UUID in capitals is the same id: the lake keeps event ids in lower case
            const id = v.event.event_id.toLowerCase();
            v.event.event_id = id;
            if (!this.dedup.claim(id)) {
                duplicates++;
                const inFlight = this.inFlight.get(id);
                if (inFlight)
                    awaiting.add(inFlight);
                continue;
            }
            claimed.push(id);
            // lone surrogates (half an emoji) become U+FFFD, or DuckDB refuses the whole object
            const row = this.o.enricher.row((0, well_formed_1.wellFormed)(v.event), reqCtx, shared);
            records.push({ k: 'e', s: row.site_id, r: row });
        }
        const total = events.length;
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
        if (this.o.onHandled)
            for (const r of records)
                this.o.onHandled(r.s, r.k, r.r);
        // a repeat whose first copy failed to reach the disk is not acknowledged either: the page retries
        await Promise.all(awaiting);
        const accepted = total - errors.length;
        this.o.metrics.eventsAccepted.inc(accepted);
        if (duplicates)
            this.o.metrics.eventsDuplicate.inc(duplicates);
        if (dropped)
            this.o.metrics.eventsSuppressed.inc(dropped);
        if (errors.length)
            this.o.metrics.eventsRejected.inc({ reason: 'invalid_event' }, errors.length);
        return { status: 200, body: { accepted, rejected: errors.length, errors } };
    }
    async refuse(error, raw, ctx) {
        await this.rejectRequest('invalid_batch', error, raw, ctx);
        return { status: 400, reason: 'invalid_batch', error };
    }
    /** Stores a bad row for a request refused as a whole (payload truncated to BAD_PAYLOAD_MAX_BYTES). */
    async rejectRequest(reason, error, raw, ctx, events = 1, site) {
        const payload = raw === null ? null : truncate(raw, this.o.badPayloadMaxBytes);
        const row = (0, well_formed_1.wellFormed)(badRow(ctx.receivedAt.toISOString(), error, [error], payload));
        await this.o.spool.append([{ k: 'b', s: (0, keys_1.badRowSite)(site), r: row }]);
        this.o.onAppend?.();
        this.o.onHandled?.((0, keys_1.badRowSite)(site), 'b', row);
        this.o.metrics.eventsRejected.inc({ reason }, events);
    }
}
exports.Ingestor = Ingestor;
const isSiteId = (v) => typeof v === 'string' && schema_1.SITE_ID_PATTERN.test(v);
function badRow(receivedAt, reason, errors, payload) {
    return { received_at: receivedAt, reason, errors, payload };
}
/**
 * A refused event as its bad row keeps it: the event itself, or its JSON text cut to
 * BAD_PAYLOAD_MAX_BYTES when longer, or a note where it cannot be written as JSON (e.g. nested
 * 100,000 deep).
 */
function storable(payload, maxBytes) {
    if (payload === undefined)
        return null;
    let text;
    try {
        text = JSON.stringify(payload);
    }
    catch (err) {
        return `[payload not storable as JSON: ${err.message}]`;
    }
    return text.length > maxBytes / 3 && Buffer.byteLength(text) > maxBytes ? truncate(text, maxBytes) : payload;
}
function truncate(text, maxBytes) {
    const buf = Buffer.from(text, 'utf8');
    if (buf.length <= maxBytes)
        return text;
    // cut on a character boundary: drop a partial trailing UTF-8 sequence
    return buf.subarray(0, maxBytes).toString('utf8').replace(/\uFFFD$/, '');
}
