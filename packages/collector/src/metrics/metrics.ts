/** Prometheus metrics, one registry per app (so tests can run several apps in one process). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  eventsAccepted: Counter;
  eventsDuplicate: Counter;
  eventsSuppressed: Counter;
  eventsRejected: Counter<'reason'>;
  requestsRefused: Counter<'status'>;
  lakeBytesWritten: Counter;
  lakeObjectsWritten: Counter<'kind'>;
  lakeWriteDuration: Histogram;
  lakeWriteFailures: Counter;
  spoolBytes: Gauge;
  spoolErrors: Counter<'kind'>;
  actionEdits: Counter<'op'>;
}

export interface MetricsOptions {
  defaultMetrics?: boolean;
  /** read at each scrape for actionlake_spool_bytes */
  spoolBytes?: () => number;
}

export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const spoolBytes = opts.spoolBytes;
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    eventsAccepted: new Counter({ name: 'actionlake_events_accepted_total', help: 'Events acknowledged to the page (duplicates included)', registers }),
    eventsDuplicate: new Counter({ name: 'actionlake_events_duplicate_total', help: 'Acknowledged events not stored again because their event_id was seen recently', registers }),
    eventsSuppressed: new Counter({ name: 'actionlake_events_suppressed_total', help: 'Acknowledged events not stored because their anonymous_id or user_id is on the site\'s suppression list (erased persons)', registers }),
    eventsRejected: new Counter({ name: 'actionlake_events_rejected_total', help: 'Events or requests rejected and written as bad rows, by reason', labelNames: ['reason'], registers }),
    requestsRefused: new Counter({ name: 'actionlake_requests_refused_total', help: 'Batch requests refused without reading (429 rate limit, 503 spool full)', labelNames: ['status'], registers }),
    lakeBytesWritten: new Counter({ name: 'actionlake_lake_bytes_written_total', help: 'Compressed bytes written to the lake', registers }),
    lakeObjectsWritten: new Counter({ name: 'actionlake_lake_objects_written_total', help: 'Objects written to the lake', labelNames: ['kind'], registers }),
    lakeWriteDuration: new Histogram({ name: 'actionlake_lake_write_duration_seconds', help: 'Time to write one lake object', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers }),
    lakeWriteFailures: new Counter({ name: 'actionlake_lake_write_failures_total', help: 'Failed lake object writes (retried)', registers }),
    spoolErrors: new Counter({ name: 'actionlake_spool_errors_total', help: 'Spool problems: write (an append failed, answered 503), replaced (SPOOL_DIR or the active segment removed or replaced; recreated), lost (a sealed segment removed before it reached the lake), listener (the live view failed on a durable commit; nothing lost)', labelNames: ['kind'], registers }),
    actionEdits: new Counter({ name: 'actionlake_action_edits_total', help: 'Saved edits of action definitions (create, replace, delete)', labelNames: ['op'], registers }),
    spoolBytes: new Gauge({
      name: 'actionlake_spool_bytes', help: 'Bytes in the local spool not yet in the lake', registers,
      collect() {
        if (spoolBytes) this.set(spoolBytes());
      },
    }),
  };
}
