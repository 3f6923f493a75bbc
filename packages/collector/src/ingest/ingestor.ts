/**
 * A parsed batch → lake rows and bad rows in the spool → the answer for the page.
 * Valid events are enriched and spooled; invalid ones become bad rows with their reason; repeats of
 * a recent event_id are acknowledged but not stored again. Resolves only once the spool has them.
 */
import { SITE_ID_PATTERN, type BadRow, type BatchResponse, type LakeRow } from '@actionlake/schema';
import type { Enricher, RequestContext } from '../enrich/enricher';
import { badRowSite } from '../lake/keys';
import type { Metrics } from '../metrics/metrics';
import type { SpoolRecord } from '../spool/record';
import type { Spool } from '../spool/spool';
import { DedupWindow } from './dedup';
import { expandBatch } from './expand';
import { loadDedupWindow, saveDedupWindow } from './dedup-file';
import { summarize, validateEvent } from './validate';

/** Why a whole request was refused; also the `reason` label of actionlake_events_rejected_total. */
export type RequestRejection = 'malformed_json' | 'body_too_large' | 'unsupported_media_type' | 'too_many_events' | 'invalid_batch' | 'invalid_site_id' | 'origin_not_allowed';

export type BatchOutcome =
  | { status: 200; body: BatchResponse }
  | { status: 400 | 413; reason: RequestRejection; error: string };

export interface IngestorOptions {
  spool: Spool;
  enricher: Enricher;
  metrics: Metrics;
  dedupWindow: number;
  maxBatchEvents: number;
  badPayloadMaxBytes: number;
  /** where the dedup window is kept across restarts; none: memory only */
  windowFile?: string;
  /** called after every successful append (lets the flusher rotate by size) */
  onAppend?: () => void;
}

export class Ingestor {
  readonly dedup: DedupWindow;
  /** ids claimed by a spool write that has not finished yet */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly o: IngestorOptions) {
    this.dedup = new DedupWindow(o.dedupWindow);
  }

  /**
   * Re-learns the ids of the last run: the saved window, then what the spool still holds.
   * Returns the number of events still in the spool.
   */
  async restore(): Promise<number> {
    if (this.o.windowFile) await loadDedupWindow(this.o.windowFile, this.dedup);
    let n = 0;
    for await (const line of this.o.spool.sealedLines()) {
      if (line.kind === 'e') {
        this.dedup.add(line.id);
        n++;
      }
    }
    return n;
  }

  /** Saves the dedup window for the next start. */
  saveWindow(): Promise<void> {
    return this.o.windowFile ? saveDedupWindow(this.o.windowFile, this.dedup) : Promise.resolve();
  }

  /** Handles a body that parsed as JSON. */
  async batch(body: unknown, raw: string, ctx: RequestContext): Promise<BatchOutcome> {
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
    const shared = this.o.enricher.context(reqCtx);

    const records: SpoolRecord[] = [];
    const errors: BatchResponse['errors'] = [];
    const claimed: string[] = [];
    /** spool writes still under way for ids this batch repeats: answer only once they are durable */
    const awaiting = new Set<Promise<void>>();
    let duplicates = 0;
    events.forEach((value, index) => {
      const v = validateEvent(value, `events[${index}]`);
      if (!v.ok) {
        const reason = summarize(v.errors);
        errors.push({ index, reason });
        const site = badRowSite((value as { site_id?: unknown } | null)?.site_id);
        records.push({ k: 'b', s: site, r: badRow(shared.receivedAt, reason, v.errors, value) });
        return;
      }
      if (this.dedup.has(v.event.event_id)) {
        duplicates++;
        const inFlight = this.inFlight.get(v.event.event_id);
        if (inFlight) awaiting.add(inFlight);
        return;
      }
      this.dedup.add(v.event.event_id);
      claimed.push(v.event.event_id);
      const row: LakeRow = this.o.enricher.row(v.event, reqCtx, shared);
      records.push({ k: 'e', s: row.site_id, r: row });
    });

    const write = this.o.spool.append(records);
    for (const id of claimed) this.inFlight.set(id, write);
    try {
      await write;
    } catch (err) {
      for (const id of claimed) this.dedup.delete(id);
      throw err;
    } finally {
      for (const id of claimed) if (this.inFlight.get(id) === write) this.inFlight.delete(id);
    }
    this.o.onAppend?.();
    // a repeat whose first copy failed to reach the disk is not acknowledged either: the page retries
    await Promise.all(awaiting);
    const accepted = events.length - errors.length;
    this.o.metrics.eventsAccepted.inc(accepted);
    if (duplicates) this.o.metrics.eventsDuplicate.inc(duplicates);
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
    const row = badRow(ctx.receivedAt.toISOString(), error, [error], payload);
    await this.o.spool.append([{ k: 'b', s: badRowSite(site), r: row }]);
    this.o.onAppend?.();
    this.o.metrics.eventsRejected.inc({ reason }, events);
  }
}

const isSiteId = (v: unknown): boolean => typeof v === 'string' && SITE_ID_PATTERN.test(v);

function badRow(receivedAt: string, reason: string, errors: string[], payload: unknown): BadRow {
  return { received_at: receivedAt, reason, errors, payload: storable(payload) };
}

/** The payload itself, or a note where it cannot be written as JSON (e.g. nested 100,000 deep). */
function storable(payload: unknown): unknown {
  if (payload === undefined) return null;
  try {
    JSON.stringify(payload);
    return payload;
  } catch (err) {
    return `[payload not storable as JSON: ${(err as Error).message}]`;
  }
}

function truncate(text: string, maxBytes: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return text;
  // cut on a character boundary: drop a partial trailing UTF-8 sequence
  return buf.subarray(0, maxBytes).toString('utf8').replace(/\uFFFD$/, '');
}
