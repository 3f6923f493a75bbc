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
 *
 * The server API's fast path hands rows already written as text instead (segment-text.ts: the same
 * members, checked against the schema's rules as they were written): they skip the candidate and
 * its validation, and get the same enrichment as text.
 */
import { SCHEMA_VERSION, type BadRow, type LakeRow, type Origin, type WireEvent } from '@actionlake/schema';
import { candidateOf, classifySource } from '@actionlake/schema/node';
import { DEFAULT_CONSENT } from '../enrich/consent';
import type { Enricher, RequestContext, SharedContext } from '../enrich/enricher';
import { normalizeIp } from '../enrich/ip';
import { occurredAtWithSkew } from '../enrich/time';
import { isDateTime } from '../ingest/date-time';
import type { BatchOutcome, Ingestor, PreparedBad } from '../ingest/ingestor';
import { DEFAULT_EVENT_LIMITS, type EventLimits } from '../ingest/limits';
import { sourceValidator, summarize, validateSourceEvent } from '../ingest/validate';
import type { SuppressionList } from '../suppress/list';
import { flat } from './segment-quote';
import { SegmentText } from './segment-text';
import type { Source, SourceEvent } from './types';

/** a row's text once handed to the spool */
const NO_PARTS: (string | Buffer)[] = [];

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
  /** the members of its rows that only the address and browser decide (rows written as text) */
  ip?: Buffer;
  ua?: Buffer;
  geo?: Buffer;
  tail?: Buffer;
}
/** a delivery's enrichment contexts, by the app's address and then its browser */
type Contexts = Map<string | null, Map<string | null, Context>>;

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

/** `"name":<JSON of v>` as UTF-8, once per object the enricher hands out (its user agents', addresses' and bots' objects are cached) */
const MEMBERS = new WeakMap<object, Buffer>();
const NULL_MEMBERS = new Map<string, Buffer>();
function memberBytes(name: string, v: object | null): Buffer {
  const cache = v === null ? NULL_MEMBERS.get(name) : MEMBERS.get(v);
  if (cache) return cache;
  const bytes = Buffer.from(`"${name}":${v === null ? 'null' : JSON.stringify(v)}`);
  if (v === null) NULL_MEMBERS.set(name, bytes);
  else MEMBERS.set(v, bytes);
  return bytes;
}

/** `"source":…,"source_type":…` as UTF-8, by source_type then source: few pairs, each written once */
const SOURCE_MEMBERS = new Map<string, Map<string | null, Buffer>>();
const SOURCE_MEMBERS_MAX = 1024;
function sourceBytes(from: string | null, sourceType: string): Buffer {
  let byFrom = SOURCE_MEMBERS.get(sourceType);
  if (!byFrom) SOURCE_MEMBERS.set(sourceType, (byFrom = new Map()));
  let b = byFrom.get(from);
  if (!b) {
    if (byFrom.size >= SOURCE_MEMBERS_MAX) byFrom.clear();
    byFrom.set(from, (b = Buffer.from(`"source":${from === null ? 'null' : JSON.stringify(from)},"source_type":"${sourceType}"`)));
  }
  return b;
}

/** enrichedBytes keeps at most this many buffers (~0.5 KB each), and none for an address or browser longer than ENRICHED_KEY_MAX */
const ENRICHED_MAX = 4096;
const ENRICHED_KEY_MAX = 512;
const COMMA = Buffer.from(',');

export class SourcePath {
  private readonly collectorIdJson: string;
  /** the last members of a row written as text, by its bot object: schema_version, collector_id, consent, bot */
  private readonly tails = new WeakMap<object, Buffer>();
  /** enrichedBytes' buffers by raw address, raw browser, then source members (at most ENRICHED_MAX) */
  private readonly enriched = new Map<string | null, Map<string | null, Map<Buffer, Buffer>>>();
  private enrichedCount = 0;
  private lastSource: { utm: unknown; clickIds: unknown; referrer: string | undefined; pageUrl: string | undefined; bytes: Buffer | null } = { utm: undefined, clickIds: undefined, referrer: undefined, pageUrl: undefined, bytes: null };

  constructor(private readonly d: SourcePathDeps) {
    this.collectorIdJson = JSON.stringify(d.collectorId);
    sourceValidator(); // compile the schema now (about a second), not in a vendor's first delivery
  }

  /**
   * The read of the site's suppression list when it is not in memory, else null: a caller that
   * builds its rows before store() (the server API) waits for it first, as sdk.js's bodies do, so
   * no rows are held while the lake is read (bench/README, issue 20's fifth pass).
   */
  listRead(site: string): Promise<unknown> | null {
    const list = this.d.suppression;
    return list && !list.inMemory(site) ? list.of(site) : null;
  }

  /**
   * Stores the events of one delivery of `source` (and the bad rows of its Refused items); resolves
   * with the answer once they are durable. `repair: false` when the caller knows no string can hold
   * a lone surrogate (its JSON body had no `\uD8xx` escape): the rows are not walked for one.
   */
  async store(source: Source, events: readonly (SourceEvent | Refused | SegmentText)[], receivedAt: Date, o: { repair?: boolean } = {}): Promise<Extract<BatchOutcome, { status: 200 }>> {
    const limits = this.d.eventLimits ?? DEFAULT_EVENT_LIMITS;
    const rows: LakeRow[] = [];
    const bad: PreparedBad[] = [];
    const received = receivedAt.toISOString();
    const refuse = (index: number, errors: string[], payload: unknown) => {
      const reason = summarize(errors);
      const row: BadRow = { received_at: received, reason, errors, payload };
      bad.push({ index, reason, site: source.site, row });
    };
    const candidates: ({ event: SourceEvent; row: Record<string, unknown> } | SegmentText)[] = [];
    for (let index = 0; index < events.length; index++) {
      const event = events[index];
      if (event instanceof Refused) {
        refuse(index, [event.reason], event.payload);
        continue;
      }
      if (event instanceof SegmentText) {
        // written as text, valid by construction: only where no string needs repair (see the doc above)
        if (o.repair !== false) throw new Error('a row written as text needs a body without surrogate escapes (repair: false)');
        candidates.push(event);
        continue;
      }
      const c = candidateOf(source, event, isDateTime); // the shared builder (@actionlake/schema/node)
      if ('error' in c) {
        refuse(index, [`events[${index}]: ${c.error}`], c.row);
        continue;
      }
      const v = validateSourceEvent(c.row, `events[${index}]`, limits);
      if (!v.ok) {
        refuse(index, v.errors, c.row);
        continue;
      }
      candidates.push({ event, row: c.row });
    }
    const suppressed = this.d.suppression && candidates.length ? await this.d.suppression.matcher([{ site_id: source.site }]) : null;
    let dropped = 0;
    const texts: (Buffer | string)[][] | undefined = o.repair === false ? [] : undefined;
    const contexts: Contexts = new Map();
    let timesText: string | undefined;
    for (const c of candidates) {
      if (suppressed?.(c instanceof SegmentText ? c : (c.row as { site_id: string }))) {
        dropped++;
        continue;
      }
      if (c instanceof SegmentText) {
        // a row written as text: the SegmentText holds what the dedup and the spool's line head read (event_id, site_id, received_at)
        c.received_at = received;
        rows.push(c as unknown as LakeRow);
        // the members added() writes, in its order: the times (joined to the row's last text), then
        // the enricher's as one buffer; received_at's text is the request's (three pieces a row, not seven)
        timesText ??= flat(`,"received_at":"${received}","occurred_at":"`);
        const last = c.parts.length - 1;
        if (typeof c.parts[last] === 'string') c.parts[last] += timesText + c.occurredAt + '"';
        else c.parts.push(timesText.slice(1) + c.occurredAt + '"');
        c.parts.push(this.enrichedBytes(c, receivedAt, contexts));
        texts!.push(c.parts);
        // the row waits for its fsync (dedup, answer) but its text is the spool's once encoded: not kept with it
        c.parts = NO_PARTS;
        continue;
      }
      // the app's own members as text before the enricher adds its (no string to repair: see store's doc)
      const own = texts && JSON.stringify(c.row);
      const enriched = this.enrich(c.event, c.row, receivedAt, contexts);
      rows.push(enriched);
      if (texts) texts.push([own!.slice(1, -1), this.added(enriched.received_at, enriched.occurred_at, enriched.ip, enriched.ua, enriched.geo, enriched.source, enriched.source_type, enriched.consent, enriched.bot)]);
    }
    return this.d.ingestor.storePrepared({ rows, bad, total: events.length, dropped, repair: o.repair, texts });
  }

  /**
   * `"ip"…,"ua"…,"geo"…,"source"…,"source_type"…,"schema_version"…,"bot"…` of a row written as text,
   * as one buffer kept across deliveries by the app's address, browser and source members: what the
   * enricher gives an address and a browser does not depend on the delivery, and a backend's
   * deliveries repeat a few pairs (making a delivery's ~20 contexts and copying five buffers per
   * row cost ~2 µs per event).
   */
  private enrichedBytes(c: SegmentText, receivedAt: Date, contexts: Contexts): Buffer {
    const src = this.sourceOf(c);
    const rawIp = c.ip || null;
    const rawUa = c.userAgent || null;
    const keep = (rawIp === null || rawIp.length <= ENRICHED_KEY_MAX) && (rawUa === null || rawUa.length <= ENRICHED_KEY_MAX);
    let byUa = keep ? this.enriched.get(rawIp) : undefined;
    let bySource = byUa?.get(rawUa);
    let bytes = bySource?.get(src);
    if (bytes) return bytes;
    const ctx = this.context(rawIp, rawUa, receivedAt, contexts);
    ctx.ip ??= Buffer.from(ctx.shared.ip === null ? '"ip":null' : `"ip":${JSON.stringify(ctx.shared.ip)}`);
    ctx.ua ??= memberBytes('ua', ctx.shared.ua);
    ctx.geo ??= memberBytes('geo', ctx.shared.geo);
    ctx.tail ??= this.tailBytes(ctx.shared.bot);
    bytes = Buffer.concat([ctx.ip, COMMA, ctx.ua, COMMA, ctx.geo, COMMA, src, COMMA, ctx.tail]);
    if (!keep) return bytes;
    if (++this.enrichedCount > ENRICHED_MAX) {
      this.enriched.clear();
      this.enrichedCount = 1;
      byUa = undefined;
    }
    if (!byUa) this.enriched.set(rawIp, (byUa = new Map()));
    bySource = byUa.get(rawUa);
    if (!bySource) byUa.set(rawUa, (bySource = new Map()));
    bySource.set(src, bytes);
    return bytes;
  }

  /** `"source"…,"source_type"…` of a row written as text: its page's and campaign's objects are the last message's while they repeat */
  private sourceOf(c: SegmentText): Buffer {
    const l = this.lastSource;
    if (l.bytes && l.utm === c.utm && l.clickIds === c.clickIds && l.referrer === c.referrer && l.pageUrl === c.pageUrl) return l.bytes;
    const { source: from, source_type } = classifySource({ utm: c.utm, click_ids: c.clickIds, referrer: c.referrer, pageUrl: c.pageUrl });
    this.lastSource = { utm: c.utm, clickIds: c.clickIds, referrer: c.referrer, pageUrl: c.pageUrl, bytes: sourceBytes(from, source_type) };
    return this.lastSource.bytes!;
  }

  /** The members the enricher adds to a row, as JSON text (its objects' text written once each). */
  private added(receivedAt: string, occurredAt: string, ip: string | null, ua: object | null, geo: object | null, from: string | null, sourceType: string, consent: object, bot: object): string {
    return `"received_at":"${receivedAt}","occurred_at":"${occurredAt}","ip":${ip === null ? 'null' : JSON.stringify(ip)},"ua":${textOf(ua)},"geo":${textOf(geo)},`
      + `"source":${from === null ? 'null' : JSON.stringify(from)},"source_type":"${sourceType}","schema_version":"${SCHEMA_VERSION}","collector_id":${this.collectorIdJson},`
      + `"consent":${textOf(consent)},"bot":${textOf(bot)}`;
  }

  private tailBytes(bot: object): Buffer {
    let t = this.tails.get(bot);
    if (!t) this.tails.set(bot, (t = Buffer.from(`"schema_version":"${SCHEMA_VERSION}","collector_id":${this.collectorIdJson},"consent":${textOf(DEFAULT_CONSENT)},"bot":${textOf(bot)}`)));
    return t;
  }

  /** The enrichment context of an app's address and browser: the events of a delivery share few of them, so each pair's is made once. */
  private context(rawIp: string | null, rawUa: string | null, receivedAt: Date, contexts: Contexts): Context {
    // by address, then browser: no key string made and hashed per event
    let byUa = contexts.get(rawIp || null);
    if (!byUa) contexts.set(rawIp || null, (byUa = new Map()));
    let c = byUa.get(rawUa || null);
    if (!c) {
      const ctx: RequestContext = { ip: rawIp ? normalizeIp(rawIp) : null, userAgent: rawUa ? rawUa.slice(0, this.d.headerMaxChars) : null, receivedAt };
      byUa.set(rawUa || null, (c = { ctx, shared: this.d.enricher.context(ctx) }));
    }
    return c;
  }

  /** The candidate completed as a page's event is: the app's address and browser, source, bot. */
  private enrich(event: SourceEvent, candidate: Record<string, unknown>, receivedAt: Date, contexts: Contexts): LakeRow {
    const c = this.context(typeof event.ip === 'string' ? event.ip : null, typeof event.user_agent === 'string' ? event.user_agent : null, receivedAt, contexts);
    const row = this.d.enricher.row(candidate as unknown as WireEvent, c.ctx, c.shared, candidate.origin as Origin);
    row.occurred_at = occurredAtWithSkew(event.occurred_at, 0, receivedAt);
    return row;
  }
}
