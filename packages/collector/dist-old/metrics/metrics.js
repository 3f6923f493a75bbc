"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createMetrics = createMetrics;
/** Prometheus metrics, one registry per app (so tests can run several apps in one process). */
const prom_client_1 = require("prom-client");
function createMetrics(opts = {}) {
    const spoolBytes = opts.spoolBytes;
    const registry = new prom_client_1.Registry();
    if (opts.defaultMetrics)
        (0, prom_client_1.collectDefaultMetrics)({ register: registry });
    const registers = [registry];
    return {
        registry,
        eventsAccepted: new prom_client_1.Counter({ name: 'actionlake_events_accepted_total', help: 'Events acknowledged to the page (duplicates included)', registers }),
        eventsDuplicate: new prom_client_1.Counter({ name: 'actionlake_events_duplicate_total', help: 'Acknowledged events not stored again because their event_id was seen recently', registers }),
        eventsSuppressed: new prom_client_1.Counter({ name: 'actionlake_events_suppressed_total', help: 'Acknowledged events not stored because their anonymous_id or user_id is on the site\'s suppression list (erased persons)', registers }),
        eventsRejected: new prom_client_1.Counter({ name: 'actionlake_events_rejected_total', help: 'Events or requests rejected and written as bad rows, by reason', labelNames: ['reason'], registers }),
        requestsRefused: new prom_client_1.Counter({ name: 'actionlake_requests_refused_total', help: 'Batch requests refused without reading (429 rate limit, 503 spool full)', labelNames: ['status'], registers }),
        lakeBytesWritten: new prom_client_1.Counter({ name: 'actionlake_lake_bytes_written_total', help: 'Compressed bytes written to the lake', registers }),
        lakeObjectsWritten: new prom_client_1.Counter({ name: 'actionlake_lake_objects_written_total', help: 'Objects written to the lake', labelNames: ['kind'], registers }),
        lakeWriteDuration: new prom_client_1.Histogram({ name: 'actionlake_lake_write_duration_seconds', help: 'Time to write one lake object', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers }),
        lakeWriteFailures: new prom_client_1.Counter({ name: 'actionlake_lake_write_failures_total', help: 'Failed lake object writes (retried)', registers }),
        spoolErrors: new prom_client_1.Counter({ name: 'actionlake_spool_errors_total', help: 'Spool problems: write (an append failed, answered 503), replaced (SPOOL_DIR or the active segment removed or replaced; recreated), lost (a sealed segment removed before it reached the lake)', labelNames: ['kind'], registers }),
        actionEdits: new prom_client_1.Counter({ name: 'actionlake_action_edits_total', help: 'Saved edits of action definitions (create, replace, delete)', labelNames: ['op'], registers }),
        spoolBytes: new prom_client_1.Gauge({
            name: 'actionlake_spool_bytes', help: 'Bytes in the local spool not yet in the lake', registers,
            collect() {
                if (spoolBytes)
                    this.set(spoolBytes());
            },
        }),
    };
}
