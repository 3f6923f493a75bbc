"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.spoolFullRetryAfter = spoolFullRetryAfter;
exports.batchRouter = batchRouter;
/**
 * POST /v1/batch: refuse early what we cannot take (429 rate limit, 503 spool full, 415 type),
 * read the body ourselves within MAX_BODY_BYTES (413), parse it (400), then hand it to the Ingestor.
 * Every refusal after the checks that cost nothing is also stored as a bad row.
 */
const express_1 = __importDefault(require("express"));
const ip_1 = require("../enrich/ip");
const cors_1 = require("./cors");
const rate_limit_1 = require("./rate-limit");
const ACCEPTED_TYPES = new Set(['application/json', 'text/plain']);
/** Seconds a client should wait when the spool is full: about one flush. */
function spoolFullRetryAfter(config) {
    return Math.max(1, Math.min(60, Math.ceil(config.flushIntervalMs / 1000)));
}
function batchRouter(d) {
    const { config, ingestor, spool, metrics, logger } = d;
    const router = express_1.default.Router();
    const limiter = new rate_limit_1.RateLimiter(config.rateLimitRps, config.rateLimitBurst, config.rateLimitMaxClients);
    const readRaw = express_1.default.raw({ type: () => true, limit: config.maxBodyBytes, inflate: true });
    const readBody = (req, res) => new Promise((resolve, reject) => readRaw(req, res, (err) => (err ? reject(err) : resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)))));
    const fail = (res, status, error, retryAfter) => {
        if (retryAfter !== undefined)
            res.setHeader('Retry-After', String(retryAfter));
        res.status(status).json({ error });
    };
    const reject = async (res, status, reason, error, raw, ctx) => {
        try {
            await ingestor.rejectRequest(reason, error, raw, ctx);
        }
        catch (err) {
            logger.error({ err, reason }, 'could not spool the bad row of a refused request');
        }
        fail(res, status, error);
    };
    router.use('/v1/batch', (0, cors_1.ingestCors)(config.allowedOrigins));
    router.post('/v1/batch', async (req, res) => {
        const ip = (0, ip_1.clientIp)(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustProxy);
        const ctx = { ip, userAgent: req.headers['user-agent'] ?? null, receivedAt: d.now() };
        const wait = limiter.take(ip ?? 'unknown');
        if (wait > 0) {
            metrics.requestsRefused.inc({ status: '429' });
            return fail(res, 429, `rate limit exceeded (RATE_LIMIT_RPS=${config.rateLimitRps}); retry after ${wait} s`, wait);
        }
        if (spool.bytes >= config.spoolMaxBytes) {
            metrics.requestsRefused.inc({ status: '503' });
            return fail(res, 503, 'the collector spool is full (SPOOL_MAX_BYTES); retry later', spoolFullRetryAfter(config));
        }
        // CORS headers only stop browsers from reading the answer; a text/plain POST still arrives
        const origin = req.headers.origin;
        if (config.allowedOrigins !== '*' && origin && !config.allowedOrigins.includes(origin)) {
            return reject(res, 403, 'origin_not_allowed', `origin ${origin.slice(0, 200)} is not in ALLOWED_ORIGINS`, null, ctx);
        }
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (!ACCEPTED_TYPES.has(type)) {
            const error = `unsupported content type "${type || '(none)'}"; send application/json or text/plain`;
            return reject(res, 415, 'unsupported_media_type', error, null, ctx);
        }
        let raw;
        try {
            raw = (await readBody(req, res)).toString('utf8');
        }
        catch (err) {
            const e = err;
            if (e.type === 'entity.too.large') {
                return reject(res, 413, 'body_too_large', `body is larger than ${config.maxBodyBytes} bytes (MAX_BODY_BYTES)`, null, ctx);
            }
            if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
                return reject(res, 415, 'unsupported_media_type', e.message ?? 'unsupported encoding', null, ctx);
            }
            if (e.type === 'request.aborted')
                return; // the client went away; nothing to answer
            return reject(res, e.status === 413 ? 413 : 400, 'malformed_json', `could not read the body: ${e.message ?? String(err)}`, null, ctx);
        }
        let body;
        try {
            body = JSON.parse(raw);
        }
        catch (err) {
            return reject(res, 400, 'malformed_json', `body is not valid JSON: ${err.message}`, raw, ctx);
        }
        let outcome;
        try {
            outcome = await ingestor.batch(body, raw, ctx);
        }
        catch (err) {
            logger.error({ err }, 'could not write to the spool');
            return fail(res, 503, 'the collector could not store the events; retry later', spoolFullRetryAfter(config));
        }
        if (outcome.status === 200)
            return void res.status(200).json(outcome.body);
        fail(res, outcome.status, outcome.error);
    });
    return router;
}
