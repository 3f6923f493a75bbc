/**
 * The one path from a source's SourceEvents to the lake (contract §10), whatever the app: the
 * server API, a vendor's webhook. Each event becomes a row candidate in the source's site (the
 * candidate is built by `candidateOf` of `@actionlake/schema/node`, which `actionlake import` uses too):
 *
 * - `event_id`: the v5 UUID of (source id, the app's id of the event), so that a redelivery is the
 *   same row (dropped by the collector's dedup window, and beyond it by `actionlake compact`);
 * - `origin`: `{kind, source_id, id: the app's id, event: its name of the event type}`;
 * - `email_sha256` from the app's address (or identify traits' `email`), never the address itself
 *   as an id; `anonymous_id`/`session_id` only when the app sent them;
 * - `triggered_at` the time as the app sent it, `occurred_at` the app's time (adapter-corrected),
 *   never later than received_at.
 *
 * Then what a page's event goes through: validation (definitions.sourceEvent), enrichment of the
 * app's `ip` and `user_agent` (never the request's: a webhook's sender is the vendor, not the
 * person), `source`/`source_type` from its page, UTM and click ids, the suppression list, dedup,
 * and the fsync'd spool. An event that fails becomes a bad row with its reasons. `store` resolves
 * only once every row is durable.
 */
import { SCHEMA_VERSION, type BadRow, type LakeRow, type Origin, type WireEvent } from '@actionlake/schema';
import { candidateOf } from '@actionlake/schema/node';
import type { Enricher, RequestContext, SharedContext } from '../enrich/enricher';
import { normalizeIp } from '../enrich/ip';
import { occurredAtWithSkew } from '../enrich/time';
import { isDateTime } from '../ingest/date-time';
import type { BatchOutcome, Ingestor, PreparedBad } from '../ingest/ingestor';
import { DEFAULT_EVENT_LIMITS, type EventLimits } from '../ingest/limits';
import { sourceValidator, summarize, validateSourceEvent } from '../ingest/validate';
import type { SuppressionList } from '../suppress/list';
import type { Source, SourceEvent } from './types';

export interface SourcePathDeps {
  ingestor: Ingestor;
  enricher: Enricher;
  suppression?: SuppressionList | null;
  /** EVENT_MAX_ITEMS, EVENT_MAX_ERRORS */
  eventLimits?: EventLimits;
  /** HEADER_MAX_CHARS: the longest user agent kept */
  headerMaxChars: number;
  /** COLLECTOR_ID, as the enricher writes it */
  collectorId: string;
}

/** An item of a delivery that its adapter could not make an event of: kept as a bad row with the reason. */
export class Refused {
  constructor(readonly reason: string, readonly payload: unknown) {}
}

interface Context {
  ctx: RequestContext;
  shared: SharedContext;
}

/**
 * JSON text of the objects the enricher hands out again and again (a user agent's `ua` and `bot`,
 * an address's `geo`, the default consent): each is written once, not once per row.
 */
const TEXTS = new WeakMap<object, string>();
const textOf = (v: object | null): string => {
  if (v === null) return 'null';
  let t = TEXTS.get(v);
  if (t === undefined) TEXTS.set(v, (t = JSON.stringify(v)));
  return t;
};

export class SourcePath {
  private readonly collectorIdJson: string;

  constructor(private readonly d: SourcePathDeps) {
    this.collectorIdJson = JSON.stringify(d.collectorId);
    sourceValidator(); // compile the schema now (about a second), not in a vendor's first delivery
  }

  /**
   * Stores the events of one delivery of `source` (and the bad rows of its Refused items); resolves
   * with the answer once they are durable. `repair: false` when the caller knows no string can hold
   * a lone surrogate (its JSON body had no `\uD8xx` escape): the rows are not walked for one.
   */
  async store(source: Source, events: readonly (SourceEvent | Refused)[], receivedAt: Date, o: { repair?: boolean } = {}): Promise<Extract<BatchOutcome, { status: 200 }>> {
    const limits = this.d.eventLimits ?? DEFAULT_EVENT_LIMITS;
    const rows: LakeRow[] = [];
    const bad: PreparedBad[] = [];
    const received = receivedAt.toISOString();
    const refuse = (index: number, errors: string[], payload: unknown) => {
      const reason = summarize(errors);
      const row: BadRow = { received_at: received, reason, errors, payload };
      bad.push({ index, reason, site: source.site, row });
    };
    const candidates: { index: number; event: SourceEvent; row: Record<string, unknown> }[] = [];
    events.forEach((event, index) => {
      if (event instanceof Refused) return refuse(index, [event.reason], event.payload);
      const c = candidateOf(source, event, isDateTime); // the shared builder (@actionlake/schema/node)
      if ('error' in c) return refuse(index, [`events[${index}]: ${c.error}`], c.row);
      const v = validateSourceEvent(c.row, `events[${index}]`, limits);
      if (!v.ok) return refuse(index, v.errors, c.row);
      candidates.push({ index, event, row: c.row });
    });
    const suppressed = this.d.suppression && candidates.length ? await this.d.suppression.matcher([{ site_id: source.site }]) : null;
    let dropped = 0;
    const texts: string[][] | undefined = o.repair === false ? [] : undefined;
    const contexts = new Map<string, Context>();
    for (const { event, row } of candidates) {
      if (suppressed?.(row as { site_id: string })) {
        dropped++;
        continue;
      }
      // the app's own members as text before the enricher adds its (no string to repair: see store's doc)
      const own = texts && JSON.stringify(row);
      const enriched = this.enrich(event, row, receivedAt, contexts);
      rows.push(enriched);
      if (texts) texts.push([own!.slice(1, -1), this.added(enriched)]);
    }
    return this.d.ingestor.storePrepared({ rows, bad, total: events.length, dropped, repair: o.repair, texts });
  }

  /** The members the enricher added to a row, as JSON text (its objects' text written once each). */
  private added(row: LakeRow): string {
    return `"received_at":"${row.received_at}","occurred_at":"${row.occurred_at}","ip":${row.ip === null ? 'null' : JSON.stringify(row.ip)},"ua":${textOf(row.ua)},"geo":${textOf(row.geo)},`
      + `"source":${row.source === null ? 'null' : JSON.stringify(row.source)},"source_type":"${row.source_type}","schema_version":"${SCHEMA_VERSION}","collector_id":${this.collectorIdJson},`
      + `"consent":${textOf(row.consent)},"bot":${textOf(row.bot)}`;
  }

  /** The candidate completed as a page's event is: the app's address and browser, source, bot. */
  private enrich(event: SourceEvent, candidate: Record<string, unknown>, receivedAt: Date, contexts: Map<string, Context>): LakeRow {
    const rawIp = typeof event.ip === 'string' ? event.ip : '';
    const rawUa = typeof event.user_agent === 'string' ? event.user_agent : '';
    // the events of a delivery share few addresses and browsers: each pair's context is made once
    const key = `${rawIp}\n${rawUa}`;
    let c = contexts.get(key);
    if (!c) {
      const ctx: RequestContext = { ip: rawIp ? normalizeIp(rawIp) : null, userAgent: rawUa ? rawUa.slice(0, this.d.headerMaxChars) : null, receivedAt };
      contexts.set(key, (c = { ctx, shared: this.d.enricher.context(ctx) }));
    }
    const row = this.d.enricher.row(candidate as unknown as WireEvent, c.ctx, c.shared, candidate.origin as Origin);
    row.occurred_at = occurredAtWithSkew(event.occurred_at, 0, receivedAt);
    return row;
  }
}
