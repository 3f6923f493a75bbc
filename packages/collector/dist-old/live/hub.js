"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LiveHub = exports.LIVE_PAYLOAD_CHARS = void 0;
exports.sseText = sseText;
/**
 * The live view's hub (contract §9): every event the collector handles, accepted (a lake row) or
 * rejected (a bad row with its reason), goes to the listeners of its site as one Server-Sent Event.
 *
 * Ingest never waits for a listener: `publish` keeps a reference in a fixed ring of the last
 * LIVE_BUFFER_EVENTS events (what a new listener is shown first) and, only when the site has
 * listeners, serializes the event once; the events of a batch are written to each listener
 * together, right after (setImmediate), without awaiting. A listener whose
 * socket already holds more than LIVE_MAX_QUEUED_BYTES unsent (it does not read) is dropped.
 * Nothing is stored.
 */
const prom_client_1 = require("prom-client");
/** Largest part of a rejected payload shown in the live view. */
exports.LIVE_PAYLOAD_CHARS = 2_000;
/** One event as the SSE text sent: `event: accepted|rejected`, `data: {...}`. The IP is left out. */
function sseText(kind, row, actionIdOf, site) {
    let data;
    if (kind === 'accepted') {
        const { ip: _ip, ...rest } = row;
        const click = rest.action_type === 'click';
        data = { status: kind, ...(click ? { action_id: actionIdOf(site, rest.action) } : {}), row: rest };
    }
    else {
        const bad = row;
        const payload = JSON.stringify(bad.payload) ?? 'null';
        data = { status: kind, reason: bad.reason, errors: bad.errors, received_at: bad.received_at, payload: payload.length > exports.LIVE_PAYLOAD_CHARS ? payload.slice(0, exports.LIVE_PAYLOAD_CHARS) + '…' : payload };
    }
    return `event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`;
}
class LiveHub {
    limits;
    actionIdOf;
    ring;
    next = 0;
    bySite = new Map();
    count = 0;
    dropped;
    sent;
    /** SSE text of each site not written yet, and how many events it holds */
    pending = new Map();
    scheduled = false;
    /** listeners dropped for not reading, since the start */
    droppedTotal = 0;
    constructor(limits, actionIdOf = () => null, registry) {
        this.limits = limits;
        this.actionIdOf = actionIdOf;
        this.ring = new Array(limits.bufferEvents);
        const registers = registry ? [registry] : [];
        this.dropped = new prom_client_1.Counter({ name: 'actionlake_live_listeners_dropped_total', help: 'Live view listeners dropped because they did not read fast enough (LIVE_MAX_QUEUED_BYTES)', registers });
        this.sent = new prom_client_1.Counter({ name: 'actionlake_live_events_sent_total', help: 'Events written to live view listeners', registers });
        const hub = this;
        new prom_client_1.Gauge({ name: 'actionlake_live_listeners', help: 'Live view listeners connected', registers, collect() { this.set(hub.count); } });
    }
    get listeners() {
        return this.count;
    }
    /** With WORKERS > 1 (./cluster-relay.ts): this process's events for listeners on other workers. */
    forward = null;
    /** With WORKERS > 1: told when a site's listener count on this process changes. */
    onListeners = null;
    /** Called by the ingestor for every handled event; never throws, never waits. */
    publish(site, kind, row) {
        this.forward?.(site, kind, row);
        this.deliver(site, kind, row);
    }
    /** An event to this process's listeners (and its ring), whichever worker handled it. */
    deliver(site, kind, row) {
        if (this.ring.length) {
            this.ring[this.next] = { site, kind, row };
            this.next = (this.next + 1) % this.ring.length;
        }
        if (!this.bySite.has(site))
            return;
        // serialized once for all the site's listeners; written once per batch (setImmediate), not per event
        const p = this.pending.get(site);
        const text = sseText(kind, row, this.actionIdOf, site);
        if (p) {
            p.text += text;
            p.n++;
        }
        else
            this.pending.set(site, { text, n: 1 });
        if (!this.scheduled) {
            this.scheduled = true;
            setImmediate(() => this.flush());
        }
    }
    flush() {
        this.scheduled = false;
        for (const [site, p] of this.pending) {
            for (const l of this.bySite.get(site) ?? []) {
                if (l.sink.writableLength > this.limits.maxQueuedBytes) {
                    this.drop(l);
                    continue;
                }
                try {
                    l.sink.write(p.text);
                    this.sent.inc(p.n);
                }
                catch {
                    this.drop(l);
                }
            }
        }
        this.pending.clear();
    }
    /** Adds a listener and writes it the buffered events of its site; false when LIVE_MAX_LISTENERS are connected. */
    add(l) {
        if (this.count >= this.limits.maxListeners)
            return false;
        if (this.scheduled)
            this.flush(); // what is pending goes to the others; the ring replay below has it
        const set = this.bySite.get(l.site) ?? new Set();
        this.bySite.set(l.site, set);
        set.add(l);
        this.count++;
        this.onListeners?.(l.site, set.size);
        const n = this.ring.length;
        for (let i = 0; i < n; i++) {
            const e = this.ring[(this.next + i) % n];
            if (e && e.site === l.site)
                l.sink.write(sseText(e.kind, e.row, this.actionIdOf, e.site));
        }
        return true;
    }
    remove(l) {
        const set = this.bySite.get(l.site);
        if (!set || !set.delete(l))
            return;
        this.count--;
        if (!set.size)
            this.bySite.delete(l.site);
        this.onListeners?.(l.site, set.size);
    }
    /** Ends every stream (the collector is stopping). */
    closeAll() {
        for (const set of [...this.bySite.values()]) {
            for (const l of [...set]) {
                this.remove(l);
                l.sink.destroy();
            }
        }
    }
    drop(l) {
        this.remove(l);
        this.dropped.inc();
        this.droppedTotal++;
        l.sink.destroy();
    }
}
exports.LiveHub = LiveHub;
