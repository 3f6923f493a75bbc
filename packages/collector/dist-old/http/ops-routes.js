"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.opsRouter = opsRouter;
/** Liveness, readiness and Prometheus metrics. */
const express_1 = __importDefault(require("express"));
const deadline_1 = require("../lake/deadline");
const batch_route_1 = require("./batch-route");
function opsRouter(d) {
    const router = express_1.default.Router();
    router.get('/healthz', (_req, res) => {
        res.json({ ok: true });
    });
    router.get('/readyz', async (_req, res) => {
        if (d.spool.bytes >= d.config.spoolMaxBytes) {
            res.setHeader('Retry-After', String((0, batch_route_1.spoolFullRetryAfter)(d.config)));
            return void res.status(503).json({ ok: false, reason: `spool full: ${d.spool.bytes} of ${d.config.spoolMaxBytes} bytes (SPOOL_MAX_BYTES)` });
        }
        try {
            await d.spool.check();
        }
        catch (err) {
            res.setHeader('Retry-After', String((0, batch_route_1.spoolFullRetryAfter)(d.config)));
            return void res.status(503).json({ ok: false, reason: d.spool.problem ?? `spool ${d.spool.dir} not writable: ${err.message}` });
        }
        try {
            await (0, deadline_1.withDeadline)(d.config.lakeRequestTimeoutMs, 'the lake (LAKE_REQUEST_TIMEOUT_MS)', (signal) => d.sink.check({ signal }));
        }
        catch (err) {
            return void res.status(503).json({ ok: false, reason: `lake not reachable (${d.sink.describe}): ${err.message || err.name}` });
        }
        res.json({ ok: true });
    });
    router.get('/metrics', async (_req, res) => {
        res.setHeader('Content-Type', d.metrics.registry.contentType);
        res.send(await d.metrics.registry.metrics());
    });
    return router;
}
