/**
 * createApp(deps) builds a whole collector around an Express 5 app, without listening:
 *
 *   const collector = await createApp({ config: defaultConfig({ spoolDir, lakeDir }), sink });
 *   const server = await collector.listen(0);          // or collector.app.listen(...)
 *   ...
 *   await collector.close();                          // stop listening, flush the spool to the lake
 *
 * It opens the spool (sealing what a previous run left), rebuilds the dedup window from it and
 * starts the flusher, which uploads those leftovers right away. `flush()` forces a flush (tests).
 * Nothing here reads process.env: config.ts does that for server.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import pino, { type Logger } from 'pino';
import type { Config } from './config';
import { Enricher } from './enrich/enricher';
import type { GeoLookup } from './enrich/geo';
import { ActionStore } from './actions/store';
import { actionsRouter } from './http/actions-routes';
import { batchRouter } from './http/batch-route';
import { ingestHandler, isBatchPath } from './http/ingest-handler';
import { methodNotAllowed } from './http/methods';
import { liveRouter } from './http/live-route';
import { actionIds } from './live/action-ids';
import { LiveHub } from './live/hub';
import { hooksRouter } from './http/hooks-route';
import { serverApi as createServerApi, serverCallOf } from './http/server-api';
import { serverApiRouter } from './http/server-api-route';
import { opsRouter } from './http/ops-routes';
import { staticRouter } from './http/static-routes';
import { Ingestor } from './ingest/ingestor';
import { Flusher } from './lake/flusher';
import type { LakeSink } from './lake/sink';
import { SiteStanding } from './lake/site-standing';
import { createMetrics, type Metrics } from './metrics/metrics';
import { WEBHOOK_ADAPTERS } from './sources/adapters';
import { SourcePath } from './sources/common-path';
import { SourceRegistry } from './sources/registry';
import { sourceMetrics } from './sources/source-metrics';
import type { SourceKind, WebhookAdapter } from './sources/types';
import { Spool } from './spool/spool';
import { SuppressionList } from './suppress/list';
import type { WorkerLink } from './cluster/worker';

export { defaultConfig, loadConfig, type Config } from './config';
export { LocalFolderSink } from './lake/local-sink';
export { S3Sink } from './lake/s3-sink';
export type { LakeSink } from './lake/sink';
export type { GeoLookup } from './enrich/geo';
export type { ActionStore } from './actions/store';
export type { SourceRegistry } from './sources/registry';
export * from './sources/types';

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
  /** the webhook adapter of each kind (default: sources/adapters.ts) */
  webhookAdapters?: ReadonlyMap<SourceKind, WebhookAdapter>;
  /** in a worker of several (WORKERS > 1): what it shares with the others through the primary */
  cluster?: WorkerLink;
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
  /** the other apps' sources, from SOURCES_FILE (re-read when it changes) */
  sources: SourceRegistry;
  /** Starts an HTTP server for `app` (port 0 = any free port); close() stops it. */
  listen(port: number, host?: string): Promise<http.Server>;
  /** The base URL of the server started by listen(), e.g. http://127.0.0.1:43210. */
  url(): string;
  /** Writes everything spooled so far to the lake; rejects if a write fails. */
  flush(): Promise<void>;
  /** Stops accepting, waits for requests in flight, flushes the spool to the lake, closes files. */
  close(): Promise<void>;
}

export async function createApp(deps: AppDeps): Promise<Collector> {
  const { config, sink } = deps;
  const logger = deps.logger ?? pino({ level: 'silent' });
  const now = deps.now ?? (() => new Date());
  const metrics = createMetrics({ defaultMetrics: deps.defaultMetrics, spoolBytes: () => spool.bytes });
  const sites = config.sites ? new Set(config.sites) : null;
  // before the spool opens: an invalid SOURCES_FILE stops the start with its reasons
  const sources = new SourceRegistry({ file: config.sourcesFile, pollMs: config.sourcesPollMs, sites, logger, metrics: metrics.registry });
  const spool = new Spool(config.spoolDir, {
    collectorId: config.collectorId,
    onError: (kind, err) => {
      metrics.spoolErrors.inc({ kind });
      logger.error({ err, kind }, 'spool problem');
    },
    onCommitted: (lines, count) => live.committed(lines, count),
  });
  await spool.open();
  const standing = new SiteStanding(); // sites written first when made-up ones flood a segment
  const flusher = new Flusher({
    spool, sink, metrics, logger, standing,
    repeats: deps.cluster?.repeats, // WORKERS > 1: repeats across workers are left out here
    flushIntervalMs: config.flushIntervalMs,
    flushMaxBytes: config.flushMaxBytes,
    retryMaxDelayMs: config.retryMaxDelayMs,
    uploadConcurrency: config.uploadConcurrency,
    maxPartitions: config.flushMaxPartitions,
    gzipLevel: config.lakeGzipLevel,
    afterFlush: () => {
      ingest.shares.reset(); // what each client spooled is in the lake now
      return ingestor.saveWindow();
    },
  });
  const enricher = new Enricher({ collectorId: config.collectorId, ipMode: config.ipMode, uaCacheSize: config.uaCacheSize, geo: deps.geo ?? null });
  const suppression = new SuppressionList({ sink, peers: deps.cluster?.peers, cacheMs: config.suppressedCacheMs, maxBytes: config.suppressedMaxBytes, requestTimeoutMs: config.lakeRequestTimeoutMs, now, logger });
  const ingestor = new Ingestor({
    spool, enricher, metrics,
    dedupWindow: config.dedupWindow,
    maxBatchEvents: config.maxBatchEvents,
    badPayloadMaxBytes: config.badPayloadMaxBytes,
    eventLimits: { maxItems: config.eventMaxItems, maxErrors: config.eventMaxErrors },
    sites,
    suppression,
    // a worker keeps its own window in memory; the collector's one window is the primary's (at flush)
    windowFile: deps.cluster ? undefined : path.join(config.spoolDir, 'dedup-window.txt'),
    onAppend: () => flusher.maybeFlush(),
    onSingleSite: (site) => standing.alone(site),
  });
  const restored = await ingestor.restore();
  if (spool.sealed().length) logger.info({ segments: spool.sealed().length, events: restored }, 'uploading what the spool still holds');
  flusher.start();
  sources.start();
  const sourcePath = new SourcePath({ ingestor, enricher, suppression, headerMaxChars: config.headerMaxChars, collectorId: config.collectorId, eventLimits: { maxItems: config.eventMaxItems, maxErrors: config.eventMaxErrors } });
  const sourceSeries = sourceMetrics(metrics.registry);

  const actions = new ActionStore({
    sink,
    peers: deps.cluster?.peers,
    cacheMs: config.actionsCacheMs,
    maxPerSite: config.actionsMaxPerSite,
    maxBytes: config.actionsMaxBytes,
    requestTimeoutMs: config.lakeRequestTimeoutMs,
    now,
    logger,
  });

  const ids = actionIds(actions);
  const live = new LiveHub({ bufferEvents: config.liveBufferEvents, maxListeners: config.liveMaxListeners, maxQueuedBytes: config.liveMaxQueuedBytes }, ids.of, metrics.registry);

  deps.cluster?.attach({ registry: metrics.registry, actions, suppression, live });

  const serverApi = createServerApi({ config, sources, path: sourcePath, ingestor, spool, metrics: sourceSeries, logger, now });
  const ingest = ingestHandler({ config, ingestor, spool, metrics, logger, now, serverApi });
  const app = express();
  app.disable('x-powered-by');
  app.use(noSniff);
  app.use(staticRouter({ sdkDir: config.sdkDir, recorderDir: config.recorderDir, demoDir: config.demoDir && fs.existsSync(config.demoDir) ? config.demoDir : null }));
  app.use(opsRouter({ config, sink, spool, metrics, scrape: deps.cluster && (() => deps.cluster!.scrape()) }));
  app.use(batchRouter(config.allowedOrigins, ingest));
  app.use(serverApiRouter(serverApi));
  app.use(hooksRouter({ config, sources, adapters: deps.webhookAdapters ?? WEBHOOK_ADAPTERS, path: sourcePath, ingestor, spool, metrics: sourceSeries, logger, now }));
  app.use(actionsRouter({ config, store: actions, metrics, logger }));
  app.use(liveRouter({ config, hub: live, refreshActions: ids.refresh }));
  app.use(methodNotAllowed);
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    logger.error({ err }, 'unhandled error');
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
  });

  let server: http.Server | null = null;

  function noSniff(_req: unknown, res: http.ServerResponse, next?: () => void): void {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next?.();
  }
  let closing: Promise<void> | null = null;

  return {
    app, metrics, spool, flusher, ingestor, actions, live, sources,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        // POST /v1/batch and the server API skip Express (a quarter of a single-event request); everything else is the app
        const s = http.createServer({ connectionsCheckingInterval: Math.min(1_000, config.headersTimeoutMs, config.requestTimeoutMs) }, (req, res) => {
          if (req.method === 'POST') {
            if (isBatchPath(req.url)) {
              noSniff(req, res);
              return void ingest(req, res);
            }
            const call = serverCallOf(req.url);
            if (call) {
              noSniff(req, res);
              return void serverApi.handle(req, res, call);
            }
          }
          app(req, res);
        });
        s.maxConnections = config.maxConnections;
        s.headersTimeout = config.headersTimeoutMs;
        s.requestTimeout = config.requestTimeoutMs;
        s.keepAliveTimeout = config.keepAliveTimeoutMs;
        s.once('error', reject);
        s.listen(port, host, () => {
          server = s;
          resolve(s);
        });
      });
    },
    url() {
      if (!server) throw new Error('not listening');
      const a = server.address() as AddressInfo;
      const host = a.address === '::' || a.address === '0.0.0.0' ? '127.0.0.1' : a.family === 'IPv6' ? `[${a.address}]` : a.address;
      return `http://${host}:${a.port}`;
    },
    flush: () => flusher.flush(),
    close() {
      closing ??= (async () => {
        sources.stop();
        const deadline = Date.now() + config.shutdownTimeoutMs;
        if (server) {
          const s = server;
          const stopped = new Promise<void>((r) => s.close(() => r()));
          live.closeAll(); // live streams never end by themselves
          s.closeIdleConnections();
          // requests in flight get a few seconds to finish; then their connections are cut
          const cut = setTimeout(() => s.closeAllConnections(), Math.min(5_000, config.shutdownTimeoutMs));
          cut.unref();
          await stopped;
          clearTimeout(cut);
        }
        try {
          await flusher.close(Math.max(0, deadline - Date.now()));
        } finally {
          await spool.close();
          await sink.close?.();
        }
      })();
      return closing;
    },
  };
}
