import http from 'node:http';
import { type Express } from 'express';
import { type Logger } from 'pino';
import type { Config } from './config';
import type { GeoLookup } from './enrich/geo';
import { ActionStore } from './actions/store';
import { LiveHub } from './live/hub';
import { Ingestor } from './ingest/ingestor';
import { Flusher } from './lake/flusher';
import type { LakeSink } from './lake/sink';
import { type Metrics } from './metrics/metrics';
import { Spool } from './spool/spool';
export { defaultConfig, loadConfig, type Config } from './config';
export { LocalFolderSink } from './lake/local-sink';
export { S3Sink } from './lake/s3-sink';
export type { LakeSink } from './lake/sink';
export type { GeoLookup } from './enrich/geo';
export type { ActionStore } from './actions/store';
export interface AppDeps {
    config: Config;
    /** where finished objects go (LocalFolderSink or S3Sink) */
    sink: LakeSink;
    /** IP → geo; omit or null for no geo enrichment (tests), server.ts passes geoipLiteLookup() */
    geo?: GeoLookup | null;
    /** default: silent */
    logger?: Logger;
    /** the server clock (received_at); default () => new Date() */
    now?: () => Date;
    /** include prom-client's default process metrics in /metrics */
    defaultMetrics?: boolean;
}
export interface Collector {
    app: Express;
    metrics: Metrics;
    spool: Spool;
    flusher: Flusher;
    ingestor: Ingestor;
    /** the sites' action definitions (in the lake store) */
    actions: ActionStore;
    /** the live view's listeners (GET /v1/sites/:site/live) */
    live: LiveHub;
    /** Starts an HTTP server for `app` (port 0 = any free port); close() stops it. */
    listen(port: number, host?: string): Promise<http.Server>;
    /** The base URL of the server started by listen(), e.g. http://127.0.0.1:43210. */
    url(): string;
    /** Writes everything spooled so far to the lake; rejects if a write fails. */
    flush(): Promise<void>;
    /** Stops accepting, waits for requests in flight, flushes the spool to the lake, closes files. */
    close(): Promise<void>;
}
export declare function createApp(deps: AppDeps): Promise<Collector>;
