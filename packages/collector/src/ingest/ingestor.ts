/**
 * A parsed batch → lake rows and bad rows in the spool → the answer for the page.
 * Valid events are enriched and spooled; invalid ones become bad rows with their reason; repeats of
 * a recent event_id are acknowledged but not stored again. Resolves only once the spool has them.
 */
import { SITE_ID_PATTERN, type BadRow, type BatchResponse, type LakeRow, type WireEvent } from '@actionlake/schema';
import type { Enricher, RequestContext, SharedContext } from '../enrich/enricher';
import { badRowSite, UNKNOWN_SITE } from '../lake/keys';
import type { Metrics } from '../metrics/metrics';
import type { SpoolRecord } from '../spool/record';
import type { Spool } from '../spool/spool';
import type { SuppressionList } from '../suppress/list';
import type { DedupWindow } from './dedup';
import { LocalClaims, type Claim } from './dedup-claims';
import { EventTexts } from './event-texts';
import { expandBatch } from './expand';
import { DEFAULT_EVENT_LIMITS, type EventLimits } from './limits';
import { summarize, validateEvent, validator } from './validate';
import { badRow, storable, truncate } from './bad-row';
import { wellFormed } from './well-formed';

/** Why a whole request was refused; also the `reason` label of actionlake_events_rejected_total. */
export type RequestRejection = 'malformed_json' | 'body_too_large' | 'unsupported_media_type' | 'too_many_events' | 'invalid_batch' | 'invalid_site_id' | 'origin_not_allowed' | 'invalid_webhook_body' | 'webhook_adapter_failed';

export type BatchOutcome =
  | { status: 200; body: BatchResponse }
  | { status: 400 | 413; reason: RequestRejection; error: string };

export interface IngestorOptions {
  spool: Spool;
  enricher: Enricher;
  metrics: Metrics;
  /** DEDUP_WINDOW: the ids remembered by this process (WORKERS > 1: by this worker; the collector's one window is asked at flush, lake/flusher.ts) */
  dedupWindow: number;
  maxBatchEvents: number;
  badPayloadMaxBytes: number;
  /** SITES: when set, events of other sites become bad rows under `_unknown` */
  sites?: ReadonlySet<string> | null;
  /** EVENT_MAX_ITEMS, EVENT_MAX_ERRORS: checked on each event before the schema */
  eventLimits?: EventLimits;
  /** where the dedup window is kept across restarts; none: memory only */
  windowFile?: string;
  /** ids erased from the lake (contract §8): their events are acknowledged and not stored */
  suppression?: SuppressionList;
  /** called after every successful append (lets the flusher rotate by size) */
  onAppend?: () => void;
  /** told the site of a batch whose valid events all name one site, as a page's do (lake/site-standing.ts) */
  onSingleSite?: (site: string) => void;
}

/** A refused event of rows made elsewhere (storePrepared): its bad row and the answer's entry. */
export interface PreparedBad {
  index: number;
  reason: string;
  site: string;
  row: BadRow;
}

/** Rows made elsewhere (sources/common-path.ts): valid, enriched, not suppressed. */
export interface Prepared {
  rows: LakeRow[];
  /** each row's JSON as parts of text (a SpoolRecord's `m`), where the maker wrote it; used only with `repair: false` */
  texts?: (readonly (Buffer | string)[] | undefined)[];
  bad: PreparedBad[];
  /** events in the request */
  total: number;
  /** events left out for the suppression list */
  dropped: number;
  /** false when no string of the rows can hold a lone surrogate (their body had no `\uD8xx` escape): not walked */
  repair?: boolean;
}

/**
 * A batch's events after the checks that need no one else: bad rows already made, and the valid
 * events (with their ids in lower case) waiting for the dedup claim.
 */
interface Checked {
  /** the bad rows, with the index of their event: the spool keeps a batch's records in its order */
  bad: { index: number; record: SpoolRecord }[];
  errors: BatchResponse['errors'];
  valid: { index: number; event: WireEvent; sentId: string }[];
  ids: string[];
  dropped: number;
  total: number;
}

/**
 * What a batch still needs once its records are in the spool's buffer: no event, no body, so that
 * nothing parsed outlives the fsync wait (held across it, the events of every request in flight
 * survived young-generation collections and were promoted: half the scavenge time under load).
 */
interface Stored {
  write: Promise<void>;
  /** spool writes still under way for ids this batch repeats: answer only once they are durable */
  awaiting: Promise<void>[];
  total: number;
  errors: BatchResponse['errors'];
  duplicates: number;
  dropped: number;
}

export class Ingestor {
  /** the dedup window of this process */
  readonly dedup: DedupWindow;
  private readonly claims: LocalClaims;

  constructor(private readonly o: IngestorOptions) {
    this.claims = new LocalClaims(o.dedupWindow, o.windowFile);
    this.dedup = this.claims.ledger.window;
    validator(); // compile the schema now, not in the first request
  }

  /**
   * Re-learns the ids of the last run: the saved window, then what the spool still holds.
   * Returns the number of events still in the spool.
   */
  async restore(): Promise<number> {
    const ids: string[] = [];
    for await (const line of this.o.spool.sealedLines()) if (line.kind === 'e') ids.push(line.id);
    await this.claims.restore(ids);
    return ids.length;
  }

  /** Saves the dedup window for the next start. */
  saveWindow(): Promise<void> {
    return this.claims.save();
  }

  /**
   * Handles a body that parsed as JSON. The body becomes the Ingestor's: its events are completed
   * into lake rows in place (cheaper than copying each), so pass a fresh parse, not a shared object.
   * `bytes`, the body as received (`raw` is their UTF-8 decoding), lets rows be written from the
   * events' own text (event-texts.ts).
   */
  async batch(body: unknown, raw: string, ctx: RequestContext, bytes?: Buffer): Promise<BatchOutcome> {
    if (typeof (body = expandBatch(body)) === 'string') return this.refuse(body, raw, ctx);
    const events = body && typeof body === 'object' && !Array.isArray(body) ? (body as { events?: unknown }).events : undefined;
    if (!Array.isArray(events)) {
      const error = 'body must be a JSON object with an "events" array';
      await this.rejectRequest('invalid_batch', error, raw, ctx);
      return { status: 400, reason: 'invalid_batch', error };
    }
    if (events.length > this.o.maxBatchEvents) {
      const error = `batch has ${events.length} events; the limit is ${this.o.maxBatchEvents} (MAX_BATCH_EVENTS)`;
      await this.rejectRequest('too_many_events', error, raw, ctx, events.length, (events[0] as { site_id?: unknown } | null)?.site_id);
      return { status: 413, reason: 'too_many_events', error };
    }
    // A wrong site id is the sender's configuration, not one event's data: refuse the batch loudly.
    const badSite = events.findIndex((e) => e && typeof e === 'object' && 'site_id' in e && !isSiteId((e as { site_id: unknown }).site_id));
    if (badSite >= 0) {
      const value = JSON.stringify((events[badSite] as { site_id: unknown }).site_id) ?? 'undefined';
      const error = `events[${badSite}].site_id ${value.slice(0, 80)} is not a valid site id (${SITE_ID_PATTERN.source})`;
      await this.rejectRequest('invalid_site_id', error, raw, ctx, events.length);
      return { status: 400, reason: 'invalid_site_id', error };
    }
    const sentAt = (body as { sent_at?: unknown }).sent_at;
    const reqCtx: RequestContext = { ...ctx, sentAt: typeof sentAt === 'string' ? sentAt : undefined };
    const suppressed = this.o.suppression ? await this.o.suppression.matcher(events) : null;
    const shared = this.o.enricher.context(reqCtx);
    const checked = this.check(events, shared, suppressed);
    return this.settle(this.store(checked, this.claims.claim(checked.ids), raw, bytes, reqCtx, shared));
  }

  /** Validates the events: bad rows made; valid events set aside with their ids in lower case. */
  private check(events: unknown[], shared: SharedContext, suppressed: ((e: WireEvent) => boolean) | null): Checked {
    const bad: Checked['bad'] = [];
    const errors: BatchResponse['errors'] = [];
    const valid: Checked['valid'] = [];
    const ids: string[] = [];
    let dropped = 0;
    const limits = this.o.eventLimits ?? DEFAULT_EVENT_LIMITS;
    const sites = this.o.sites;
    for (let index = 0; index < events.length; index++) {
      const value: unknown = events[index];
      const site = (value as { site_id?: unknown } | null)?.site_id;
      const v = sites && typeof site === 'string' && !sites.has(site)
        ? { ok: false as const, errors: [`events[${index}].site_id "${site}" is not in SITES`] }
        : validateEvent(value, `events[${index}]`, limits);
      if (!v.ok) {
        const reason = summarize(v.errors);
        errors.push({ index, reason });
        const partition = sites && typeof site === 'string' && !sites.has(site) ? UNKNOWN_SITE : badRowSite(site);
        bad.push({ index, record: { k: 'b', s: partition, r: wellFormed(badRow(shared.receivedAt, reason, v.errors, storable(value, this.o.badPayloadMaxBytes))) } });
        continue;
      }
      if (suppressed?.(v.event)) {
        dropped++;
        continue;
      }
      // a UUID in capitals is the same id: the lake keeps event ids in lower case
      const sentId = v.event.event_id;
      const id = sentId.toLowerCase();
      v.event.event_id = id;
      valid.push({ index, event: v.event, sentId });
      ids.push(id);
    }
    const site = valid[0]?.event.site_id;
    if (site !== undefined && this.o.onSingleSite && valid.every((v) => v.event.site_id === site)) this.o.onSingleSite(site);
    return { bad, errors, valid, ids, dropped, total: events.length };
  }

  /** Enriches the events this batch stores and hands all its records to the spool (not awaited). */
  private store(checked: Checked, claim: Claim, raw: string, bytes: Buffer | undefined, reqCtx: RequestContext, shared: SharedContext): Stored {
    const { bad, valid } = checked;
    const records: SpoolRecord[] = [];
    let b = 0; // the next bad row: each goes in before the first valid event sent after it
    let duplicates = 0;
    const texts = bytes ? EventTexts.of(bytes, checked.total) : null;
    // parsed JSON holds a lone surrogate only through a \uD800–\uDFFF escape (the body was decoded
    // from UTF-8): without one in the text, every string is well-formed and need not be walked.
    // The body scan tells; a body it did not read is searched.
    const escapes = texts ? texts.surrogateEscapes : SURROGATE_ESCAPE.test(raw);
    for (let i = 0; i < valid.length; i++) {
      const { index, event, sentId } = valid[i];
      while (b < bad.length && bad[b].index < index) records.push(bad[b++].record);
      if (!claim.fresh[i]) {
        duplicates++;
        continue;
      }
      // the event's own text holds the id as sent: usable only when that was in lower case already
      const text = event.event_id === sentId ? texts?.members(index, event) : null;
      if (text) {
        const { row, parts } = this.o.enricher.rowWithText(event, reqCtx, shared, text);
        records.push({ k: 'e', s: row.site_id, r: row, m: parts });
        continue;
      }
      // lone surrogates (half an emoji) become U+FFFD, or DuckDB refuses the whole object
      const row: LakeRow = this.o.enricher.row(escapes ? wellFormed(event) : event, reqCtx, shared);
      records.push({ k: 'e', s: row.site_id, r: row });
    }
    while (b < bad.length) records.push(bad[b++].record);
    const write = this.o.spool.append(records);
    claim.settle(write);
    return { write, awaiting: claim.waits, total: checked.total, errors: checked.errors, duplicates, dropped: checked.dropped };
  }

  /**
   * Rows a source's events made (sources/common-path.ts), already valid and enriched: dedup by
   * event_id as for a page's events, the bad rows, the spool; resolves once durable.
   */
  storePrepared(p: Prepared): Promise<Extract<BatchOutcome, { status: 200 }>> {
    const records: SpoolRecord[] = [];
    const errors: BatchResponse['errors'] = [];
    for (const b of p.bad) {
      errors.push({ index: b.index, reason: b.reason });
      records.push({ k: 'b', s: b.site, r: wellFormed({ ...b.row, payload: storable(b.row.payload, this.o.badPayloadMaxBytes) }) });
    }
    // one rule for every repeat, a page's or a source's
    const c = this.claims.claim(p.rows.map((row) => row.event_id.toLowerCase()));
    const store = (): Stored => {
      let duplicates = 0;
      p.rows.forEach((row, i) => {
        if (!c.fresh[i]) {
          duplicates++;
          return;
        }
        const parts = p.repair === false ? p.texts?.[i] : undefined;
        if (parts) records.push({ k: 'e', s: row.site_id, r: row, m: parts });
        else records.push({ k: 'e', s: row.site_id, r: p.repair === false ? row : wellFormed(row) });
      });
      const write = this.o.spool.append(records);
      c.settle(write);
      return { write, awaiting: c.waits, total: p.total, errors, duplicates, dropped: p.dropped };
    };
    return this.settle(store()) as Promise<Extract<BatchOutcome, { status: 200 }>>;
  }

  /** Waits until the batch is durable, then counts it and answers. */
  private async settle(stored: Stored): Promise<BatchOutcome> {
    const { write, awaiting, total, errors, duplicates, dropped } = stored;
    await write;
    this.o.onAppend?.();
    // a repeat whose first copy failed to reach the disk is not acknowledged either: the page retries
    if (awaiting.length) await Promise.all(awaiting);
    const accepted = total - errors.length;
    this.o.metrics.eventsAccepted.inc(accepted);
    if (duplicates) this.o.metrics.eventsDuplicate.inc(duplicates);
    if (dropped) this.o.metrics.eventsSuppressed.inc(dropped);
    if (errors.length) this.o.metrics.eventsRejected.inc({ reason: 'invalid_event' }, errors.length);
    return { status: 200, body: { accepted, rejected: errors.length, errors } };
  }

  private async refuse(error: string, raw: string, ctx: RequestContext): Promise<BatchOutcome> {
    await this.rejectRequest('invalid_batch', error, raw, ctx);
    return { status: 400, reason: 'invalid_batch', error };
  }

  /** Stores a bad row for a request refused as a whole (payload truncated to BAD_PAYLOAD_MAX_BYTES). */
  async rejectRequest(reason: RequestRejection, error: string, raw: string | null, ctx: RequestContext, events = 1, site?: unknown): Promise<void> {
    const payload = raw === null ? null : truncate(raw, this.o.badPayloadMaxBytes);
    const row = wellFormed(badRow(ctx.receivedAt.toISOString(), error, [error], payload));
    await this.o.spool.append([{ k: 'b', s: badRowSite(site), r: row }]);
    this.o.onAppend?.();
    this.o.metrics.eventsRejected.inc({ reason }, events);
  }
}

/** the escape of a surrogate (`\uD800`–`\uDFFF`) in JSON text: only through one can a parsed string hold a lone surrogate */
export const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

const isSiteId = (v: unknown): boolean => typeof v === 'string' && SITE_ID_PATTERN.test(v);
