/**
 * Turns a valid WireEvent plus what the request tells us into a lake row. A page's event gets
 * `origin: {kind: "browser"}` (stamped here: the schema refuses an `origin` from the page); a
 * source's event (sources/common-path.ts) comes with its own origin. Both get `email_sha256` from
 * identify traits' `email` when they do not carry one already.
 */
import { SCHEMA_VERSION, type BotInfo, type LakeRow, type Origin, type UaInfo, type WireEvent, type GeoInfo } from '@actionlake/schema';
import { emailSha256 } from '@actionlake/schema/node';
import type { IpMode } from '../config';
import { BotCache, withSignals } from './bot';
import { consentOf, DEFAULT_CONSENT } from './consent';
import type { GeoLookup } from './geo';
import { storedIp } from './ip';
import { classifySource } from '@actionlake/schema/node';
import { clockSkew, occurredAtWithSkew } from './time';
import { Lru } from './lru';
import { UaCache } from './ua';

/** What one request contributes to all of its events. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
  receivedAt: Date;
  sentAt?: string;
}

/** What a request gives all of its rows (Enricher.context). */
export interface SharedContext {
  ua: UaInfo;
  bot: BotInfo;
  geo: GeoInfo | null;
  ip: string | null;
  receivedAt: string;
  skew: number;
  /** the members of this request's rows that are the same in each, as JSON text (rowWithText) */
  members?: Buffer;
  /** `bot` as JSON (rowWithText) */
  botJson?: string;
}

export interface EnricherOptions {
  collectorId: string;
  ipMode: IpMode;
  uaCacheSize: number;
  geo: GeoLookup | null;
}

/** the origin of every row of sdk.js (shared, never mutated) */
export const BROWSER_ORIGIN: Origin = Object.freeze({ kind: 'browser' });

/** The id of traits' email (any origin), or undefined: a trait that is no address gives none. */
function traitsEmailId(traits: WireEvent['traits']): string | undefined {
  const email = traits?.email;
  return typeof email === 'string' ? (emailSha256(email) ?? undefined) : undefined;
}

export class Enricher {
  private readonly ua: UaCache;
  private readonly bot: BotCache;
  /** geo lookup (on the full address) and the stored address, per client address */
  private readonly addresses: Lru<{ geo: GeoInfo | null; ip: string | null }>;

  constructor(private readonly opts: EnricherOptions) {
    this.ua = new UaCache(opts.uaCacheSize);
    this.bot = new BotCache(opts.uaCacheSize);
    this.addresses = new Lru(opts.uaCacheSize, (full) => this.address(full ?? null));
  }

  /** Per-request work done once per batch: UA parse, geo lookup (on the full IP), IP reduction. */
  context(ctx: RequestContext): SharedContext {
    const { geo, ip } = this.addresses.get(ctx.ip);
    return { ua: this.ua.get(ctx.userAgent), bot: this.bot.get(ctx.userAgent), geo, ip, receivedAt: ctx.receivedAt.toISOString(), skew: clockSkew(ctx.sentAt, ctx.receivedAt) };
  }

  private address(full: string | null): { geo: GeoInfo | null; ip: string | null } {
    let geo: GeoInfo | null = null;
    if (this.opts.geo && full) {
      try {
        geo = this.opts.geo(full);
      } catch {
        geo = null;
      }
    }
    return { geo, ip: storedIp(full, this.opts.ipMode) };
  }

  /** `origin`: the row's app, for a source's event (default: the browser) */
  row(event: WireEvent, ctx: RequestContext, shared: SharedContext, origin: Origin = BROWSER_ORIGIN): LakeRow {
    const { source, source_type } = classifySource({
      utm: event.utm,
      click_ids: event.click_ids,
      referrer: event.page?.referrer,
      pageUrl: event.page?.url,
    });
    // the event is this request's own parsed copy: completing it in place is cheaper than a spread
    const row = event as LakeRow;
    row.received_at = shared.receivedAt;
    row.occurred_at = occurredAtWithSkew(event.triggered_at, shared.skew, ctx.receivedAt);
    row.ip = shared.ip;
    row.ua = shared.ua;
    row.geo = shared.geo;
    row.source = source;
    row.source_type = source_type;
    row.schema_version = SCHEMA_VERSION;
    row.collector_id = this.opts.collectorId;
    row.consent = consentOf(event.consent);
    row.bot = withSignals(shared.bot, event.bot_signals);
    row.origin = origin;
    if (event.traits !== undefined && row.email_sha256 === undefined) {
      const email = traitsEmailId(event.traits);
      if (email !== undefined) row.email_sha256 = email;
    }
    return row;
  }

  /**
   * row() for an event whose own members are at hand as JSON text (`text`: ingest/event-texts.ts),
   * with the row as parts of text for the spool (SpoolRecord's `m`): that text, then the members
   * row() added. Those of the request (received_at, ip, ua, geo, schema_version, collector_id) are
   * encoded once per request; the event's (occurred_at, source, source_type, bot, email_sha256, and
   * consent when the page sent none: a sent one is in its text) once per event. Only a page's events
   * come this way: their origin is the browser's, one member of the request's.
   */
  rowWithText(event: WireEvent, ctx: RequestContext, shared: SharedContext, text: readonly Buffer[]): { row: LakeRow; parts: (Buffer | string)[] } {
    const sentConsent = event.consent !== undefined;
    const row = this.row(event, ctx, shared);
    // each value as JSON: the bot and consent objects are most often the request's and the default
    let own = `"occurred_at":"${row.occurred_at}","source":${JSON.stringify(row.source)},"source_type":${JSON.stringify(row.source_type)},"bot":`;
    own += row.bot === shared.bot ? (shared.botJson ??= JSON.stringify(shared.bot)) : JSON.stringify(row.bot);
    if (!sentConsent) own += row.consent === DEFAULT_CONSENT ? DEFAULT_CONSENT_MEMBER : `,"consent":${JSON.stringify(row.consent)}`;
    if (row.email_sha256 !== undefined) own += `,"email_sha256":"${row.email_sha256}"`;
    shared.members ??= Buffer.from(members({
      received_at: row.received_at, ip: row.ip, ua: row.ua, geo: row.geo, schema_version: row.schema_version, collector_id: row.collector_id, origin: row.origin,
    }));
    return { row, parts: [...text, own, shared.members] };
  }
}

const DEFAULT_CONSENT_MEMBER = `,"consent":${JSON.stringify(DEFAULT_CONSENT)}`;

/** An object's JSON without its braces. */
const members = (o: object): string => JSON.stringify(o).slice(1, -1);
