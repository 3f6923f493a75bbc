/**
 * POST /v1/batch on plain node:http (Express and body-parser cost a quarter of a single-event
 * request): refuse early what we cannot take (429 rate limit, 429 this client's spool share,
 * 503 spool full, 403 origin, 415 type), read the body within MAX_BODY_BYTES (413), parse it (400),
 * hand it to the Ingestor. Every refusal after the checks that cost nothing is also stored as a
 * bad row. The server calls it before Express (app.ts listen()); batch-route.ts mounts the same
 * handler in Express for embedders who serve `collector.app` themselves.
 *
 * The same path is the server API's batch (server-api.ts, Segment's `{"batch": [...]}`): a request
 * with an Authorization header goes there before any of the page's checks, and a body with a
 * `batch` array and no `events` once parsed (its write key in the body).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { RequestContext } from '../enrich/enricher';
import { clientIp } from '../enrich/ip';
import type { BatchOutcome, Ingestor, RequestRejection } from '../ingest/ingestor';
import type { Metrics } from '../metrics/metrics';
import type { Spool } from '../spool/spool';
import { sendJson, spoolFullRetryAfter } from './answer';
import { BodyError, readBody } from './read-body';
import type { ServerApi } from './server-api';
import { RateLimiter, SpoolShares } from './rate-limit';

const ACCEPTED_TYPES = new Set(['application/json', 'text/plain']);
/** what one stored event costs beyond its share of the body and the User-Agent: the enrichment */
const ROW_OVERHEAD_BYTES = 400;

export interface IngestDeps {
  config: Config;
  ingestor: Ingestor;
  spool: Spool;
  metrics: Metrics;
  logger: Logger;
  now: () => Date;
  /** the server API, which takes Segment's batches on this path */
  serverApi?: ServerApi;
}

/** `/v1/batch`, `/v1/batch/`, `/V1/Batch?x` (as Express routes it) */
export function isBatchPath(url: string | undefined): boolean {
  if (!url) return false;
  const q = url.indexOf('?');
  let p = q < 0 ? url : url.slice(0, q);
  if (p.endsWith('/')) p = p.slice(0, -1);
  return p.length === 9 && p.toLowerCase() === '/v1/batch';
}

/** The CORS headers of an ingest answer (ingestCors in cors.ts answers the preflight). */
function cors(req: IncomingMessage, res: ServerResponse, allowed: '*' | string[]): void {
  if (allowed === '*') {
    res.setHeader('Access-Control-Allow-Origin', '*');
  } else {
    const vary = res.getHeader('Vary');
    if (!vary) res.setHeader('Vary', 'Origin');
    else if (!/\borigin\b/i.test(String(vary))) res.setHeader('Vary', `${vary}, Origin`);
    const origin = req.headers.origin;
    if (origin && allowed.includes(origin)) res.setHeader('Access-Control-Allow-Origin', origin);
  }
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
}

export type IngestHandler = ((req: IncomingMessage, res: ServerResponse) => Promise<void>) & { shares: SpoolShares };

export function ingestHandler(d: IngestDeps): IngestHandler {
  const { config, ingestor, spool, metrics, logger } = d;
  const limiter = new RateLimiter(config.rateLimitRps, config.rateLimitBurst, config.rateLimitMaxClients);
  const shares = new SpoolShares(config.spoolClientMaxBytes, config.rateLimitMaxClients);

  const fail = (res: ServerResponse, status: number, error: string, retryAfter?: number) => {
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    sendJson(res, status, { error });
  };

  const reject = async (res: ServerResponse, status: number, reason: RequestRejection, error: string, raw: string | null, ctx: RequestContext) => {
    try {
      await ingestor.rejectRequest(reason, error, raw, ctx);
    } catch (err) {
      logger.error({ err, reason }, 'could not spool the bad row of a refused request');
    }
    fail(res, status, error);
  };

  /**
   * Decodes and parses the body, counts it against the client's spool share and hands it to the
   * ingestor. Not async: what it parsed is not kept in the frame of `ingest`, which waits for the
   * fsync (an interpreted async frame keeps its locals, and they were promoted under load).
   */
  const begin = (bytes: Buffer, client: string, ctx: RequestContext): Promise<BatchOutcome> | { raw: string; error: string } | { raw: string; segment: unknown; bytes: Buffer } => {
    const raw = bytes.toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (err) {
      return { raw, error: `body is not valid JSON: ${(err as Error).message}` };
    }
    const events = (body as { events?: unknown } | null)?.events;
    if (events === undefined && d.serverApi && Array.isArray((body as { batch?: unknown } | null)?.batch)) return { raw, segment: body, bytes };
    shares.add(client, raw.length + (Array.isArray(events) ? events.length : 1) * ((ctx.userAgent?.length ?? 0) + ROW_OVERHEAD_BYTES));
    return ingestor.batch(body, raw, ctx, bytes);
  };

  /** Reads, parses and ingests; resolves with the answer's status and body. */
  const ingest = async (req: IncomingMessage, res: ServerResponse, client: string, ctx: RequestContext): Promise<void> => {
    let bytes: Buffer | null;
    try {
      bytes = await readBody(req, config.maxBodyBytes);
    } catch (err) {
      const e = err instanceof BodyError ? err : new BodyError('unreadable', String(err));
      if (e.kind === 'aborted') return; // the client went away; nothing to answer
      if (e.kind === 'too_large') {
        res.setHeader('Connection', 'close'); // do not read the rest of a body we refuse
        return reject(res, 413, 'body_too_large', `body is larger than ${config.maxBodyBytes} bytes (MAX_BODY_BYTES)`, null, ctx);
      }
      if (e.kind === 'unsupported_encoding') return reject(res, 415, 'unsupported_media_type', e.message, null, ctx);
      return reject(res, 400, 'malformed_json', `could not read the body: ${e.message}`, null, ctx);
    }
    const pending = begin(bytes, client, ctx);
    bytes = null; // not held across the fsync wait either
    if (!(pending instanceof Promise)) {
      if ('segment' in pending) return d.serverApi!.parsed(res, pending.segment, pending.raw, pending.bytes, ctx.receivedAt);
      return reject(res, 400, 'malformed_json', pending.error, pending.raw, ctx);
    }
    let outcome;
    try {
      outcome = await pending;
    } catch (err) {
      logger.error({ err }, 'could not write to the spool');
      return fail(res, 503, 'the collector could not store the events; retry later', spoolFullRetryAfter(config));
    }
    if (outcome.status === 200) return sendJson(res, 200, outcome.body);
    fail(res, outcome.status, outcome.error);
  };

  const handle = (async (req: IncomingMessage, res: ServerResponse) => {
    if (d.serverApi && req.headers.authorization !== undefined) return d.serverApi.handle(req, res, 'batch');
    cors(req, res, config.allowedOrigins);
    const ip = clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'] as string | undefined, config.trustProxy);
    const ua = req.headers['user-agent'];
    const ctx: RequestContext = { ip, userAgent: ua ? ua.slice(0, config.headerMaxChars) : null, receivedAt: d.now() };
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
  }) as IngestHandler;
  handle.shares = shares;
  return handle;
}
