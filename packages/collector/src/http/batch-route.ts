/**
 * POST /v1/batch: refuse early what we cannot take (429 rate limit, 503 spool full, 415 type),
 * read the body ourselves within MAX_BODY_BYTES (413), parse it (400), then hand it to the Ingestor.
 * Every refusal after the checks that cost nothing is also stored as a bad row.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { RequestContext } from '../enrich/enricher';
import { clientIp } from '../enrich/ip';
import type { Ingestor, RequestRejection } from '../ingest/ingestor';
import type { Metrics } from '../metrics/metrics';
import type { Spool } from '../spool/spool';
import { ingestCors } from './cors';
import { RateLimiter } from './rate-limit';

const ACCEPTED_TYPES = new Set(['application/json', 'text/plain']);

export interface BatchRouteDeps {
  config: Config;
  ingestor: Ingestor;
  spool: Spool;
  metrics: Metrics;
  logger: Logger;
  now: () => Date;
}

/** Seconds a client should wait when the spool is full: about one flush. */
export function spoolFullRetryAfter(config: Config): number {
  return Math.max(1, Math.min(60, Math.ceil(config.flushIntervalMs / 1000)));
}

export function batchRouter(d: BatchRouteDeps): Router {
  const { config, ingestor, spool, metrics, logger } = d;
  const router = express.Router();
  const limiter = new RateLimiter(config.rateLimitRps, config.rateLimitBurst, config.rateLimitMaxClients);
  const readRaw = express.raw({ type: () => true, limit: config.maxBodyBytes, inflate: true });

  const readBody = (req: Request, res: Response) =>
    new Promise<Buffer>((resolve, reject) =>
      readRaw(req, res, (err?: unknown) => (err ? reject(err) : resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)))),
    );

  const fail = (res: Response, status: number, error: string, retryAfter?: number) => {
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.status(status).json({ error });
  };

  const reject = async (res: Response, status: number, reason: RequestRejection, error: string, raw: string | null, ctx: RequestContext) => {
    try {
      await ingestor.rejectRequest(reason, error, raw, ctx);
    } catch (err) {
      logger.error({ err, reason }, 'could not spool the bad row of a refused request');
    }
    fail(res, status, error);
  };

  router.use('/v1/batch', ingestCors(config.allowedOrigins));

  router.post('/v1/batch', async (req, res) => {
    const ip = clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'] as string | undefined, config.trustProxy);
    const ctx: RequestContext = { ip, userAgent: req.headers['user-agent'] ?? null, receivedAt: d.now() };

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

    let raw: string;
    try {
      raw = (await readBody(req, res)).toString('utf8');
    } catch (err) {
      const e = err as { type?: string; status?: number; message?: string };
      if (e.type === 'entity.too.large') {
        return reject(res, 413, 'body_too_large', `body is larger than ${config.maxBodyBytes} bytes (MAX_BODY_BYTES)`, null, ctx);
      }
      if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
        return reject(res, 415, 'unsupported_media_type', e.message ?? 'unsupported encoding', null, ctx);
      }
      if (e.type === 'request.aborted') return; // the client went away; nothing to answer
      return reject(res, e.status === 413 ? 413 : 400, 'malformed_json', `could not read the body: ${e.message ?? String(err)}`, null, ctx);
    }

    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (err) {
      return reject(res, 400, 'malformed_json', `body is not valid JSON: ${(err as Error).message}`, raw, ctx);
    }

    let outcome;
    try {
      outcome = await ingestor.batch(body, raw, ctx);
    } catch (err) {
      logger.error({ err }, 'could not write to the spool');
      return fail(res, 503, 'the collector could not store the events; retry later', spoolFullRetryAfter(config));
    }
    if (outcome.status === 200) return void res.status(200).json(outcome.body);
    fail(res, outcome.status, outcome.error);
  });

  return router;
}
