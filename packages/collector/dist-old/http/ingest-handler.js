"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.spoolFullRetryAfter = spoolFullRetryAfter;
exports.isBatchPath = isBatchPath;
exports.sendJson = sendJson;
exports.ingestHandler = ingestHandler;
const ip_1 = require("../enrich/ip");
const read_body_1 = require("./read-body");
const rate_limit_1 = require("./rate-limit");
const ACCEPTED_TYPES = new Set(['application/json', 'text/plain']);
/** what one stored event costs beyond its share of the body and the User-Agent: the enrichment */
const ROW_OVERHEAD_BYTES = 400;
/** Seconds a client should wait when the spool is full: about one flush. */
function spoolFullRetryAfter(config) {
    return Math.max(1, Math.min(60, Math.ceil(config.flushIntervalMs / 1000)));
}
/** `/v1/batch`, `/v1/batch/`, `/V1/Batch?x` (as Express routes it) */
function isBatchPath(url) {
    if (!url)
        return false;
    const q = url.indexOf('?');
    let p = q < 0 ? url : url.slice(0, q);
    if (p.endsWith('/'))
        p = p.slice(0, -1);
    return p.length === 9 && p.toLowerCase() === '/v1/batch';
}
function sendJson(res, status, body) {
    const text = JSON.stringify(body);
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.end(text);
}
/** The CORS headers of an ingest answer (ingestCors in cors.ts answers the preflight). */
function cors(req, res, allowed) {
    if (allowed === '*') {
        res.setHeader('Access-Control-Allow-Origin', '*');
    }
    else {
        const vary = res.getHeader('Vary');
        if (!vary)
            res.setHeader('Vary', 'Origin');
        else if (!/\borigin\b/i.test(String(vary)))
            res.setHeader('Vary', `${vary}, Origin`);
        const origin = req.headers.origin;
        if (origin && allowed.includes(origin))
            res.setHeader('Access-Control-Allow-Origin', origin);
    }
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
}
function ingestHandler(d) {
    const { config, ingestor, spool, metrics, logger } = d;
    const limiter = new rate_limit_1.RateLimiter(config.rateLimitRps, config.rateLimitBurst, config.rateLimitMaxClients);
    const shares = new rate_limit_1.SpoolShares(config.spoolClientMaxBytes, config.rateLimitMaxClients);
    const fail = (res, status, error, retryAfter) => {
        if (retryAfter !== undefined)
            res.setHeader('Retry-After', String(retryAfter));
        sendJson(res, status, { error });
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
    /** Reads, parses and ingests; resolves with the answer's status and body. */
    const ingest = async (req, res, client, ctx) => {
        let raw;
        try {
            raw = (await (0, read_body_1.readBody)(req, config.maxBodyBytes)).toString('utf8');
        }
        catch (err) {
            const e = err instanceof read_body_1.BodyError ? err : new read_body_1.BodyError('unreadable', String(err));
            if (e.kind === 'aborted')
                return; // the client went away; nothing to answer
            if (e.kind === 'too_large') {
                res.setHeader('Connection', 'close'); // do not read the rest of a body we refuse
                return reject(res, 413, 'body_too_large', `body is larger than ${config.maxBodyBytes} bytes (MAX_BODY_BYTES)`, null, ctx);
            }
            if (e.kind === 'unsupported_encoding')
                return reject(res, 415, 'unsupported_media_type', e.message, null, ctx);
            return reject(res, 400, 'malformed_json', `could not read the body: ${e.message}`, null, ctx);
        }
        let body;
        try {
            body = JSON.parse(raw);
        }
        catch (err) {
            return reject(res, 400, 'malformed_json', `body is not valid JSON: ${err.message}`, raw, ctx);
        }
        const events = body?.events;
        const cost = raw.length + (Array.isArray(events) ? events.length : 1) * ((ctx.userAgent?.length ?? 0) + ROW_OVERHEAD_BYTES);
        shares.add(client, cost);
        const pending = ingestor.batch(body, raw, ctx);
        body = undefined; // not held across the fsync wait
        let outcome;
        try {
            outcome = await pending;
        }
        catch (err) {
            logger.error({ err }, 'could not write to the spool');
            return fail(res, 503, 'the collector could not store the events; retry later', spoolFullRetryAfter(config));
        }
        if (outcome.status === 200)
            return sendJson(res, 200, outcome.body);
        fail(res, outcome.status, outcome.error);
    };
    const handle = (async (req, res) => {
        cors(req, res, config.allowedOrigins);
        const ip = (0, ip_1.clientIp)(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustProxy);
        const ua = req.headers['user-agent'];
        const ctx = { ip, userAgent: ua ? ua.slice(0, config.headerMaxChars) : null, receivedAt: d.now() };
        const client = ip ?? 'unknown';
        const wait = limiter.take(client);
        if (wait > 0) {
            metrics.requestsRefused.inc({ status: '429' });
            return fail(res, 429, `rate limit exceeded (RATE_LIMIT_RPS=${config.rateLimitRps}); retry after ${wait} s`, wait);
        }
        if (spool.bytes >= config.spoolMaxBytes) {
            metrics.requestsRefused.inc({ status: '503' });
            return fail(res, 503, 'the collector spool is full (SPOOL_MAX_BYTES); retry later', spoolFullRetryAfter(config));
        }
        if (shares.full(client)) {
            metrics.requestsRefused.inc({ status: '429' });
            return fail(res, 429, `this client's share of the spool is full (SPOOL_CLIENT_MAX_BYTES=${config.spoolClientMaxBytes}); retry later`, spoolFullRetryAfter(config));
        }
        // CORS headers only stop browsers from reading the answer; a text/plain POST still arrives
        const origin = req.headers.origin;
        if (config.allowedOrigins !== '*' && origin && !config.allowedOrigins.includes(origin)) {
            req.resume();
            return reject(res, 403, 'origin_not_allowed', `origin ${origin.slice(0, 200)} is not in ALLOWED_ORIGINS`, null, ctx);
        }
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (!ACCEPTED_TYPES.has(type)) {
            req.resume();
            const error = `unsupported content type "${type.slice(0, 100) || '(none)'}"; send application/json or text/plain`;
            return reject(res, 415, 'unsupported_media_type', error, null, ctx);
        }
        return ingest(req, res, client, ctx);
    });
    handle.shares = shares;
    return handle;
}
