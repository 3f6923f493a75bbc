/**
 * `POST /v1/hooks/:source` (and `GET` where the vendor checks the URL): other apps' webhooks
 * (contract §10), in this order, so that nothing is parsed before the vendor's signature holds and
 * nothing is stored when it does not:
 *
 *   unknown source → 404; a source of another kind (server, import) → 400; no adapter for the
 *   kind in this collector → 501; spool full → 503; the raw body within HOOK_MAX_BODY_BYTES
 *   (413), read here before any parser (no body parser runs on this route); the adapter's verify()
 *   → 401 (or 400) and nothing stored; parse() throwing WebhookBodyError → 400 and the body kept
 *   as a bad row of the source's site; then the common path (sources/common-path.ts) → 200 once
 *   the rows are durable, 503 when the spool cannot take them (the vendor retries).
 *
 * A GET (Mailchimp's check when the webhook is saved) is verified and answered 200 by adapters
 * that ask for it (`acceptsGet`), 405 otherwise.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Ingestor, RequestRejection } from '../ingest/ingestor';
import type { SourcePath } from '../sources/common-path';
import type { SourceRegistry } from '../sources/registry';
import { SOURCE_ID_PATTERN } from '@actionlake/schema/node';
import type { SourceMetrics } from '../sources/source-metrics';
import { WebhookBodyError, type Source, type SourceKind, type WebhookAdapter, type WebhookRequest } from '../sources/types';
import type { Spool } from '../spool/spool';
import { spoolFullRetryAfter } from './answer';
import { BodyError, readBody } from './read-body';

export interface HooksDeps {
  config: Config;
  sources: SourceRegistry;
  adapters: ReadonlyMap<SourceKind, WebhookAdapter>;
  path: SourcePath;
  ingestor: Ingestor;
  spool: Spool;
  metrics: SourceMetrics;
  logger: Logger;
  now: () => Date;
}

/** Kinds whose events do not come by webhook, and where they go instead. */
const NOT_HOOKS: Partial<Record<SourceKind, string>> = {
  server: "its events go to /v1/track, /v1/identify, /v1/page, /v1/screen, /v1/group, /v1/alias or /v1/batch (Segment's HTTP API) with its write key",
  import: 'its rows come from `actionlake import --source ID FILE.csv`',
};

/** Header names lower-cased (node's already are), repeated values joined as HTTP joins them. */
function headersOf(req: Request): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export function hooksRouter(d: HooksDeps): Router {
  const { config, sources, adapters, logger } = d;
  const router = express.Router();

  const answer = (res: Response, kind: string, status: number, body: object) => {
    d.metrics.requests.inc({ route: 'hooks', kind, status: String(status) });
    res.status(status).json(body);
  };

  /** Keeps a body the adapter refused (or failed on) as a bad row of the source's site. */
  const keep = async (source: Source, reason: RequestRejection, error: string, raw: Buffer, receivedAt: Date): Promise<boolean> => {
    try {
      await d.ingestor.rejectRequest(reason, error, raw.toString('utf8'), { ip: null, userAgent: null, receivedAt }, 1, source.site);
      return true;
    } catch (err) {
      logger.error({ err, source: source.id }, 'could not spool the bad row of a webhook body');
      return false;
    }
  };

  router.all('/v1/hooks/:source', async (req: Request, res: Response) => {
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (method !== 'GET' && method !== 'POST') {
      req.resume();
      res.setHeader('Allow', 'GET, POST');
      return answer(res, '_unknown', 405, { error: `${req.method} is not allowed on /v1/hooks/:source; allowed: POST (and GET where the vendor checks the URL)` });
    }
    const id = req.params.source as string;
    const source = SOURCE_ID_PATTERN.test(id) ? sources.get(id) : undefined;
    if (!source) {
      req.resume();
      const where = config.sourcesFile ? `no entry of SOURCES_FILE has this id` : 'SOURCES_FILE is not set';
      return answer(res, '_unknown', 404, { error: `unknown source "${id.slice(0, 64)}": ${where}` });
    }
    const elsewhere = NOT_HOOKS[source.kind];
    if (elsewhere) {
      req.resume();
      return answer(res, source.kind, 400, { error: `source "${source.id}" is a ${source.kind} source, not a webhook: ${elsewhere}` });
    }
    const adapter = adapters.get(source.kind);
    if (!adapter) {
      req.resume();
      return answer(res, source.kind, 501, { error: `this collector has no webhook adapter for ${source.kind} sources` });
    }
    if (method === 'GET' && !adapter.acceptsGet) {
      req.resume();
      res.setHeader('Allow', 'POST');
      return answer(res, source.kind, 405, { error: `${source.kind} webhooks are POSTed; GET is not allowed` });
    }
    if (method === 'POST' && d.spool.bytes >= config.spoolMaxBytes) {
      req.resume();
      res.setHeader('Retry-After', String(spoolFullRetryAfter(config)));
      return answer(res, source.kind, 503, { error: 'the collector spool is full (SPOOL_MAX_BYTES); retry later' });
    }

    let raw: Buffer;
    try {
      raw = method === 'POST' ? await readBody(req, config.hookMaxBodyBytes) : Buffer.alloc(0);
    } catch (err) {
      const e = err instanceof BodyError ? err : new BodyError('unreadable', String(err));
      if (e.kind === 'aborted') return;
      if (e.kind === 'too_large') {
        res.setHeader('Connection', 'close');
        return answer(res, source.kind, 413, { error: `body is larger than ${config.hookMaxBodyBytes} bytes (HOOK_MAX_BODY_BYTES)` });
      }
      if (e.kind === 'unsupported_encoding') return answer(res, source.kind, 415, { error: e.message });
      return answer(res, source.kind, 400, { error: `could not read the body: ${e.message}` });
    }
    const receivedAt = d.now();
    const hook: WebhookRequest = {
      method,
      raw,
      headers: headersOf(req),
      query: new URL(req.originalUrl, 'http://collector').searchParams,
      now: receivedAt,
    };

    let verdict;
    try {
      verdict = adapter.verify(source, hook);
    } catch (err) {
      logger.error({ err, source: source.id, kind: source.kind }, 'webhook adapter failed to verify a delivery');
      return answer(res, source.kind, 500, { error: `the ${source.kind} adapter failed to check the delivery` });
    }
    if (!verdict.ok) {
      logger.warn({ source: source.id, kind: source.kind, status: verdict.status, reason: verdict.reason }, 'webhook delivery refused');
      return answer(res, source.kind, verdict.status, { error: verdict.reason });
    }
    if (method === 'GET') return answer(res, source.kind, 200, { ok: true });

    let events;
    try {
      events = adapter.parse(source, hook);
    } catch (err) {
      const known = err instanceof WebhookBodyError;
      const error = known ? `not a ${source.kind} webhook body: ${(err as Error).message}` : `the ${source.kind} adapter failed on this body: ${(err as Error).message}`;
      if (!known) logger.error({ err, source: source.id, kind: source.kind }, 'webhook adapter failed to parse a delivery');
      const kept = await keep(source, known ? 'invalid_webhook_body' : 'webhook_adapter_failed', error, raw, receivedAt);
      if (!kept) res.setHeader('Retry-After', String(spoolFullRetryAfter(config)));
      // a body the vendor will send the same way again is refused for good; our own failure is retried
      return answer(res, source.kind, !kept ? 503 : known ? 400 : 500, { error });
    }

    let outcome;
    try {
      outcome = await d.path.store(source, events, receivedAt);
    } catch (err) {
      logger.error({ err, source: source.id }, 'could not write a webhook delivery to the spool');
      res.setHeader('Retry-After', String(spoolFullRetryAfter(config)));
      return answer(res, source.kind, 503, { error: 'the collector could not store the events; retry later' });
    }
    answer(res, source.kind, 200, outcome.body);
  });

  return router;
}
