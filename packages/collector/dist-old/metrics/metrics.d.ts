/** Prometheus metrics, one registry per app (so tests can run several apps in one process). */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
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
export declare function createMetrics(opts?: MetricsOptions): Metrics;
