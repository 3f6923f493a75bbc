"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.S3Sink = exports.LocalFolderSink = exports.loadConfig = exports.defaultConfig = void 0;
exports.createApp = createApp;
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
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const node_http_1 = __importDefault(require("node:http"));
const express_1 = __importDefault(require("express"));
const pino_1 = __importDefault(require("pino"));
const enricher_1 = require("./enrich/enricher");
const store_1 = require("./actions/store");
const actions_routes_1 = require("./http/actions-routes");
const batch_route_1 = require("./http/batch-route");
const ingest_handler_1 = require("./http/ingest-handler");
const methods_1 = require("./http/methods");
const live_route_1 = require("./http/live-route");
const action_ids_1 = require("./live/action-ids");
const hub_1 = require("./live/hub");
const ops_routes_1 = require("./http/ops-routes");
const static_routes_1 = require("./http/static-routes");
const ingestor_1 = require("./ingest/ingestor");
const flusher_1 = require("./lake/flusher");
const metrics_1 = require("./metrics/metrics");
const spool_1 = require("./spool/spool");
const list_1 = require("./suppress/list");
var config_1 = require("./config");
Object.defineProperty(exports, "defaultConfig", { enumerable: true, get: function () { return config_1.defaultConfig; } });
Object.defineProperty(exports, "loadConfig", { enumerable: true, get: function () { return config_1.loadConfig; } });
var local_sink_1 = require("./lake/local-sink");
Object.defineProperty(exports, "LocalFolderSink", { enumerable: true, get: function () { return local_sink_1.LocalFolderSink; } });
var s3_sink_1 = require("./lake/s3-sink");
Object.defineProperty(exports, "S3Sink", { enumerable: true, get: function () { return s3_sink_1.S3Sink; } });
async function createApp(deps) {
    const { config, sink } = deps;
    const logger = deps.logger ?? (0, pino_1.default)({ level: 'silent' });
    const now = deps.now ?? (() => new Date());
    const metrics = (0, metrics_1.createMetrics)({ defaultMetrics: deps.defaultMetrics, spoolBytes: () => spool.bytes });
    const spool = new spool_1.Spool(config.spoolDir, {
        collectorId: config.collectorId,
        onError: (kind, err) => {
            metrics.spoolErrors.inc({ kind });
            logger.error({ err, kind }, 'spool problem');
        },
    });
    await spool.open();
    const flusher = new flusher_1.Flusher({
        spool, sink, metrics, logger,
        flushIntervalMs: config.flushIntervalMs,
        flushMaxBytes: config.flushMaxBytes,
        retryMaxDelayMs: config.retryMaxDelayMs,
        uploadConcurrency: config.uploadConcurrency,
        maxPartitions: config.flushMaxPartitions,
        afterFlush: () => {
            ingest.shares.reset(); // what each client spooled is in the lake now
            return ingestor.saveWindow();
        },
    });
    const enricher = new enricher_1.Enricher({ collectorId: config.collectorId, ipMode: config.ipMode, uaCacheSize: config.uaCacheSize, geo: deps.geo ?? null });
    const ingestor = new ingestor_1.Ingestor({
        spool, enricher, metrics,
        dedupWindow: config.dedupWindow,
        maxBatchEvents: config.maxBatchEvents,
        badPayloadMaxBytes: config.badPayloadMaxBytes,
        eventLimits: { maxItems: config.eventMaxItems, maxErrors: config.eventMaxErrors },
        sites: config.sites ? new Set(config.sites) : null,
        suppression: new list_1.SuppressionList({ sink, cacheMs: config.suppressedCacheMs, maxBytes: config.suppressedMaxBytes, requestTimeoutMs: config.lakeRequestTimeoutMs, now, logger }),
        windowFile: node_path_1.default.join(config.spoolDir, 'dedup-window.txt'),
        onAppend: () => flusher.maybeFlush(),
        onHandled: (site, kind, row) => live.publish(site, kind === 'e' ? 'accepted' : 'rejected', row),
    });
    const restored = await ingestor.restore();
    if (spool.sealed().length)
        logger.info({ segments: spool.sealed().length, events: restored }, 'uploading what the spool still holds');
    flusher.start();
    const actions = new store_1.ActionStore({
        sink,
        cacheMs: config.actionsCacheMs,
        maxPerSite: config.actionsMaxPerSite,
        maxBytes: config.actionsMaxBytes,
        requestTimeoutMs: config.lakeRequestTimeoutMs,
        now,
        logger,
    });
    const ids = (0, action_ids_1.actionIds)(actions);
    const live = new hub_1.LiveHub({ bufferEvents: config.liveBufferEvents, maxListeners: config.liveMaxListeners, maxQueuedBytes: config.liveMaxQueuedBytes }, ids.of, metrics.registry);
    const ingest = (0, ingest_handler_1.ingestHandler)({ config, ingestor, spool, metrics, logger, now });
    const app = (0, express_1.default)();
    app.disable('x-powered-by');
    app.use(noSniff);
    app.use((0, static_routes_1.staticRouter)({ sdkDir: config.sdkDir, recorderDir: config.recorderDir, demoDir: config.demoDir && node_fs_1.default.existsSync(config.demoDir) ? config.demoDir : null }));
    app.use((0, ops_routes_1.opsRouter)({ config, sink, spool, metrics }));
    app.use((0, batch_route_1.batchRouter)(config.allowedOrigins, ingest));
    app.use((0, actions_routes_1.actionsRouter)({ config, store: actions, metrics, logger }));
    app.use((0, live_route_1.liveRouter)({ config, hub: live, refreshActions: ids.refresh }));
    app.use(methods_1.methodNotAllowed);
    app.use((_req, res) => {
        res.status(404).json({ error: 'not found' });
    });
    app.use((err, _req, res, _next) => {
        logger.error({ err }, 'unhandled error');
        if (!res.headersSent)
            res.status(500).json({ error: 'internal error' });
    });
    let server = null;
    function noSniff(_req, res, next) {
        res.setHeader('X-Content-Type-Options', 'nosniff');
        next?.();
    }
    let closing = null;
    return {
        app, metrics, spool, flusher, ingestor, actions, live,
        listen(port, host) {
            return new Promise((resolve, reject) => {
                // POST /v1/batch skips Express (a quarter of a single-event request); everything else is the app
                const s = node_http_1.default.createServer({ connectionsCheckingInterval: Math.min(1_000, config.headersTimeoutMs, config.requestTimeoutMs) }, (req, res) => {
                    if (req.method === 'POST' && (0, ingest_handler_1.isBatchPath)(req.url)) {
                        noSniff(req, res);
                        void ingest(req, res);
                    }
                    else {
                        app(req, res);
                    }
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
            if (!server)
                throw new Error('not listening');
            const a = server.address();
            const host = a.address === '::' || a.address === '0.0.0.0' ? '127.0.0.1' : a.family === 'IPv6' ? `[${a.address}]` : a.address;
            return `http://${host}:${a.port}`;
        },
        flush: () => flusher.flush(),
        close() {
            closing ??= (async () => {
                const deadline = Date.now() + config.shutdownTimeoutMs;
                if (server) {
                    const s = server;
                    const stopped = new Promise((r) => s.close(() => r()));
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
                }
                finally {
                    await spool.close();
                    await sink.close?.();
                }
            })();
            return closing;
        },
    };
}
