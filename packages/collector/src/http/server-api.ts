/**
 * The server API (contract §10): Segment's HTTP Tracking API, so that Segment's own server
 * libraries work by pointing their host at the collector. `POST /v1/track`, `/v1/identify`,
 * `/v1/page`, `/v1/screen`, `/v1/group`, `/v1/alias`, and `/v1/batch` with a `{"batch": [...]}`
 * body; plain node:http like sdk.js's `/v1/batch` (app.ts `listen()` calls it before Express).
 *
 *   write key: HTTP Basic `KEY:` (checked before the body is read) or `writeKey` in the body; a
 *   missing or unknown key → 401, nothing stored. Spool full → 503 + Retry-After. A body over
 *   SERVER_MAX_CALL_BYTES (a call) or SERVER_MAX_BATCH_BYTES (a batch) → 413, more than
 *   SERVER_MAX_BATCH_EVENTS messages → 413, not JSON → 400: each kept as a bad row of the source's
 *   site once the source is known. A batch's top-level `context` and `integrations` are merged into
 *   each message (the message's own keys win); a message over SERVER_MAX_CALL_BYTES, or one that is
 *   not a valid call (sources/segment.ts), is a bad row with its reason and the others are stored.
 *   The answer comes once the rows are durable: `200 {"success": true, "accepted", "rejected",
 *   "errors"}`, or for a single call whose message is refused, `400 {"error"}`.
 *
 * No per-IP rate limit applies: a backend sends from few addresses, and it is known by its key.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { bodySpans } from '../ingest/body-spans';
import { SURROGATE_ESCAPE, type Ingestor, type RequestRejection } from '../ingest/ingestor';
import { Refused, type SourcePath } from '../sources/common-path';
import type { SourceRegistry } from '../sources/registry';
import { isSegmentCall, segmentEvent, type SegmentCall } from '../sources/segment';
import { SegmentText, segmentText } from '../sources/segment-text';
import { isObj } from '../sources/segment-fields';
import type { SourceMetrics } from '../sources/source-metrics';
import type { Source, SourceEvent } from '../sources/types';
import type { Spool } from '../spool/spool';
import { sendJson, spoolFullRetryAfter } from './answer';
import { BodyError, readBody } from './read-body';

export interface ServerApiDeps {
  config: Config;
  sources: SourceRegistry;
  path: SourcePath;
  ingestor: Ingestor;
  spool: Spool;
  metrics: SourceMetrics;
  logger: Logger;
  now: () => Date;
}

export type ServerCall = SegmentCall | 'batch';

export interface ServerApi {
  /** A server API request whose body is still to be read (the call from the path). */
  handle(req: IncomingMessage, res: ServerResponse, call: ServerCall): Promise<void>;
  /** A `{"batch": [...]}` body that sdk.js's handler read and parsed (no Authorization header: the key is in the body). */
  parsed(res: ServerResponse, body: unknown, raw: string, bytes: Buffer, receivedAt: Date): Promise<void>;
}

/** `/v1/track` … `/v1/alias` (a trailing `/` and a query allowed) → the call, else null. */
export function serverCallOf(url: string | undefined): SegmentCall | null {
  if (!url || !url.startsWith('/v1/')) return null;
  const q = url.indexOf('?');
  let p = (q < 0 ? url : url.slice(0, q)).slice(4).toLowerCase();
  if (p.endsWith('/')) p = p.slice(0, -1);
  return isSegmentCall(p) ? p : null;
}

/** The key of `Authorization: Basic base64(KEY:)` (also `KEY` without the colon); undefined for anything else. */
export function basicKey(header: string | undefined): string | undefined {
  if (!header || header.length > 2048 || !/^basic\s/i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? decoded : decoded.slice(0, colon);
}

const BACKSLASH = 0x5c;

const ACCEPTED_TYPES = new Set(['application/json', 'text/plain', '']);

/** A refused body as its bad row keeps it: the source's write key (sent in the body) never reaches the lake. */
const withoutKey = (raw: string, source: Source): string => (source.write_key && raw.includes(source.write_key) ? raw.split(source.write_key).join('[write_key]') : raw);

/** A message as its bad row keeps it (a single call's body may hold `writeKey`). */
function message(m: unknown): unknown {
  if (!isObj(m) || !('writeKey' in m)) return m;
  const { writeKey: _key, ...rest } = m;
  return rest;
}

export function serverApi(d: ServerApiDeps): ServerApi {
  const { config, sources, logger } = d;

  const answer = (res: ServerResponse, kind: string, status: number, body: object, retryAfter?: number) => {
    d.metrics.requests.inc({ route: 'server', kind, status: String(status) });
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    sendJson(res, status, body);
  };
  const unauthorized = (res: ServerResponse, key: unknown) =>
    answer(res, '_unknown', 401, { error: key === undefined || key === '' ? 'no write key: send it as HTTP Basic "KEY:" or as "writeKey" in the body' : 'unknown write key' });

  /** A request refused as a whole: a bad row of the source's site (no payload when unread), then the answer. */
  const refuse = async (res: ServerResponse, source: Source, status: number, reason: RequestRejection, error: string, raw: string | null, receivedAt: Date) => {
    try {
      await d.ingestor.rejectRequest(reason, error, raw === null ? null : withoutKey(raw, source), { ip: null, userAgent: null, receivedAt }, 1, source.site);
    } catch (err) {
      logger.error({ err, source: source.id }, 'could not spool the bad row of a refused server API request');
      return answer(res, source.kind, 503, { error: 'the collector could not store the request; retry later' }, spoolFullRetryAfter(config));
    }
    answer(res, source.kind, status, { error });
  };

  /**
   * The messages of a parsed, authorized body → rows, handed to the source path (its promise), or
   * why the body is refused as a whole. Not async, and the caller that waits for the fsync is
   * handed only the promise: the parsed body, its text, its bytes and the rows' items are not kept
   * in an async frame that waits (as ingest-handler.ts's `begin` does for sdk.js's bodies); with
   * them kept, a server API batch cost 1.11 – 1.15× the CPU per event over HTTP.
   */
  const prepare = (source: Source, call: ServerCall, body: unknown, raw: string, bytes: Buffer, receivedAt: Date): ReturnType<SourcePath['store']> | { status: number; reason: RequestRejection; error: string } => {
    let messages: unknown[];
    let shared: Record<string, unknown> | null = null;
    if (call === 'batch') {
      const batch = isObj(body) ? body.batch : undefined;
      if (!Array.isArray(batch)) return { status: 400, reason: 'invalid_batch', error: 'body must be a JSON object with a "batch" array of messages' };
      if (batch.length > config.serverMaxBatchEvents) {
        return { status: 413, reason: 'too_many_events', error: `batch has ${batch.length} messages; the limit is ${config.serverMaxBatchEvents} (SERVER_MAX_BATCH_EVENTS)` };
      }
      messages = batch;
      shared = body as Record<string, unknown>;
    } else {
      messages = [body];
    }
    const mergeContext = shared && isObj(shared.context) ? shared.context : null;
    // every message of a body within the call limit is within it too: only a larger body is measured
    const measure = bytes.length > config.serverMaxCallBytes;
    // no backslash: no string holds an escape (so no surrogate's), and every message is plain
    const firstBackslash = bytes.indexOf(BACKSLASH);
    // each message's bytes in the body (one pass over it), and whether a string may hold a lone
    // surrogate; they serve only the size check and the escapes, so a batch that needs neither (a
    // library's usual batch: analytics-node flushes 15 messages, ~13 KB) skips the pass
    const spans = call === 'batch' && (measure || firstBackslash >= 0) ? bodySpans(bytes, 'batch') : null;
    const sizes = spans && spans.items === messages.length && spans.events.length === messages.length ? spans.events : null;
    const repair = spans ? spans.surrogateEscapes : firstBackslash >= 0 && SURROGATE_ESCAPE.test(raw);
    // the fast path (segment-text.ts) where no string needs repair and no batch context is merged in
    const fast = !repair && !mergeContext;
    const batchSentAt = shared?.sentAt;
    const maxItems = config.eventMaxItems;
    // a message whose bytes hold no backslash has strings that need no escaping (segment-quote.ts)
    let backslash = fast ? firstBackslash : 0;
    const items: (SourceEvent | Refused | SegmentText)[] = new Array(messages.length);
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i];
      if (measure) {
        const size = sizes ? sizes[i].end - sizes[i].start : Buffer.byteLength(JSON.stringify(m) ?? '');
        if (size > config.serverMaxCallBytes) {
          items[i] = new Refused(`${call === 'batch' ? `batch[${i}]: ` : ''}message is ${size} bytes; the limit is ${config.serverMaxCallBytes} (SERVER_MAX_CALL_BYTES)`, message(m));
          continue;
        }
      }
      const type = call === 'batch' ? (m as { type?: unknown } | null)?.type : call;
      let plain = backslash < 0;
      if (!plain && fast && sizes) {
        const span = sizes[i];
        if (backslash < span.start) backslash = bytes.indexOf(BACKSLASH, span.start);
        plain = backslash < 0 || backslash >= span.end;
      }
      const text = fast ? segmentText(source, m, type, receivedAt, batchSentAt, maxItems, plain) : null;
      if (text) {
        items[i] = text;
        continue;
      }
      const msg = mergeContext && isObj(m) ? { ...m, context: { ...mergeContext, ...(isObj(m.context) ? m.context : {}) } } : m;
      const mapped = segmentEvent(msg, type, receivedAt, batchSentAt);
      items[i] = 'error' in mapped ? new Refused(`${call === 'batch' ? `batch[${i}]: ` : ''}${mapped.error}`, message(m)) : mapped.event;
    }
    return d.path.store(source, items, receivedAt, { repair });
  };

  /** The answer once the rows of `pending` are durable (or could not be stored). */
  const answered = async (res: ServerResponse, source: Source, call: ServerCall, pending: ReturnType<SourcePath['store']>) => {
    let outcome;
    try {
      outcome = await pending;
    } catch (err) {
      logger.error({ err, source: source.id }, 'could not write server API events to the spool');
      return answer(res, source.kind, 503, { error: 'the collector could not store the events; retry later' }, spoolFullRetryAfter(config));
    }
    if (call !== 'batch' && outcome.body.rejected) return answer(res, source.kind, 400, { error: outcome.body.errors[0].reason });
    answer(res, source.kind, 200, { success: true, ...outcome.body });
  };

  /** The messages of a parsed, authorized body → rows (once the site's suppression list is in memory); the answer once durable. */
  const store = (res: ServerResponse, source: Source, call: ServerCall, body: unknown, raw: string, bytes: Buffer, receivedAt: Date): Promise<void> => {
    const read = d.path.listRead(source.site);
    if (read) return read.then(() => build(res, source, call, body, raw, bytes, receivedAt));
    return build(res, source, call, body, raw, bytes, receivedAt);
  };
  const build = (res: ServerResponse, source: Source, call: ServerCall, body: unknown, raw: string, bytes: Buffer, receivedAt: Date): Promise<void> => {
    const pending = prepare(source, call, body, raw, bytes, receivedAt);
    if (!(pending instanceof Promise)) return refuse(res, source, pending.status, pending.reason, pending.error, raw, receivedAt);
    return answered(res, source, call, pending);
  };

  /** JSON of the body, the key (header's, else the body's), then store. */
  const proceed = async (res: ServerResponse, known: Source | undefined, call: ServerCall, bytes: Buffer, receivedAt: Date) => {
    const raw = bytes.toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (err) {
      const error = `body is not valid JSON: ${(err as Error).message.slice(0, 200)}`;
      return known ? refuse(res, known, 400, 'malformed_json', error, raw, receivedAt) : answer(res, '_unknown', 400, { error });
    }
    let source = known;
    if (!source) {
      const key = isObj(body) ? body.writeKey : undefined;
      source = typeof key === 'string' ? sources.byWriteKey(key) : undefined;
      if (!source) return unauthorized(res, key);
    }
    return store(res, source, call, body, raw, bytes, receivedAt);
  };

  return {
    async handle(req, res, call) {
      const receivedAt = d.now();
      const header = req.headers.authorization;
      const key = basicKey(header);
      const known = key !== undefined ? sources.byWriteKey(key) : undefined;
      if (key !== undefined && !known) {
        req.resume();
        return unauthorized(res, key);
      }
      if (d.spool.bytes >= config.spoolMaxBytes) {
        req.resume();
        return answer(res, known?.kind ?? '_unknown', 503, { error: 'the collector spool is full (SPOOL_MAX_BYTES); retry later' }, spoolFullRetryAfter(config));
      }
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (!ACCEPTED_TYPES.has(type)) {
        req.resume();
        return answer(res, known?.kind ?? '_unknown', 415, { error: `unsupported content type "${type.slice(0, 100)}"; send application/json` });
      }
      const limit = call === 'batch' ? config.serverMaxBatchBytes : config.serverMaxCallBytes;
      let bytes: Buffer;
      try {
        bytes = await readBody(req, limit);
      } catch (err) {
        const e = err instanceof BodyError ? err : new BodyError('unreadable', String(err));
        if (e.kind === 'aborted') return;
        const status = e.kind === 'too_large' ? 413 : e.kind === 'unsupported_encoding' ? 415 : 400;
        const error = e.kind === 'too_large'
          ? `body is larger than ${limit} bytes (${call === 'batch' ? 'SERVER_MAX_BATCH_BYTES' : 'SERVER_MAX_CALL_BYTES'})`
          : e.kind === 'unsupported_encoding' ? e.message : `could not read the body: ${e.message}`;
        if (e.kind === 'too_large') res.setHeader('Connection', 'close');
        const reason: RequestRejection = e.kind === 'too_large' ? 'body_too_large' : e.kind === 'unsupported_encoding' ? 'unsupported_media_type' : 'malformed_json';
        return known ? refuse(res, known, status, reason, error, null, receivedAt) : answer(res, '_unknown', status, { error });
      }
      return proceed(res, known, call, bytes, receivedAt);
    },

    async parsed(res, body, raw, bytes, receivedAt) {
      const key = isObj(body) ? body.writeKey : undefined;
      const source = typeof key === 'string' ? sources.byWriteKey(key) : undefined;
      if (!source) return unauthorized(res, key);
      if (bytes.length > config.serverMaxBatchBytes) {
        return refuse(res, source, 413, 'body_too_large', `body is larger than ${config.serverMaxBatchBytes} bytes (SERVER_MAX_BATCH_BYTES)`, raw, receivedAt);
      }
      return store(res, source, 'batch', body, raw, bytes, receivedAt);
    },
  };
}
