"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.RECONNECT_MS = exports.LIVE = void 0;
exports.liveRouter = liveRouter;
/**
 * GET /v1/sites/:site/live (contract §9): the site's events as the collector handles them, as
 * Server-Sent Events, for the Action Recorder's Live tab. The editor token is required, sent as
 * `Authorization: Bearer` or `?token=` (EventSource cannot send headers), compared in constant time.
 * Over LIVE_MAX_LISTENERS: 503 with Retry-After. A comment line every LIVE_HEARTBEAT_MS keeps
 * proxies from closing an idle stream.
 */
const express_1 = __importDefault(require("express"));
const schema_1 = require("@actionlake/schema");
const cors_1 = require("./cors");
const editor_auth_1 = require("./editor-auth");
exports.LIVE = '/v1/sites/:site/live';
/** how long a browser waits before reconnecting a dropped stream */
exports.RECONNECT_MS = 3_000;
function liveRouter(d) {
    const { config, hub } = d;
    const router = express_1.default.Router();
    const cors = (0, cors_1.editCors)(config.allowedOrigins);
    const check = (0, editor_auth_1.editorChecker)(config.adminToken);
    router.options(exports.LIVE, cors);
    router.get(exports.LIVE, cors, async (req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        const token = typeof req.query.token === 'string' ? req.query.token : null;
        const auth = req.headers.authorization ?? (token !== null ? `Bearer ${token}` : undefined);
        const result = check(auth);
        if (result === 'disabled')
            return void res.status(403).json({ error: editor_auth_1.EDITS_DISABLED });
        if (result === 'wrong') {
            res.setHeader('WWW-Authenticate', 'Bearer realm="actionlake"');
            return void res.status(401).json({ error: editor_auth_1.WRONG_TOKEN });
        }
        const site = req.params.site;
        if (!schema_1.SITE_ID_PATTERN.test(site))
            return void res.status(400).json({ error: `site id "${site.slice(0, 100)}" is not valid (${schema_1.SITE_ID_PATTERN.source})` });
        if (hub.listeners >= hub.limits.maxListeners) {
            res.setHeader('Retry-After', '30');
            return void res.status(503).json({ error: `the live view has ${hub.listeners} listeners, the limit (LIVE_MAX_LISTENERS); retry later` });
        }
        await d.refreshActions(site); // so the first clicks already say which action produced them
        if (res.destroyed)
            return;
        res.status(200);
        res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
        res.setHeader('X-Accel-Buffering', 'no');
        res.flushHeaders();
        res.socket?.setNoDelay(true);
        const listener = { site, sink: res };
        res.write(`retry: ${exports.RECONNECT_MS}\n\n`);
        if (!hub.add(listener)) {
            res.end(`event: error\ndata: ${JSON.stringify({ error: 'too many live listeners (LIVE_MAX_LISTENERS)' })}\n\n`);
            return;
        }
        const beat = setInterval(() => {
            if (res.writableLength <= hub.limits.maxQueuedBytes)
                res.write(': ping\n\n');
        }, config.liveHeartbeatMs);
        beat.unref();
        res.on('close', () => {
            clearInterval(beat);
            hub.remove(listener);
        });
    });
    return router;
}
