/** Turns a valid WireEvent plus what the request tells us into a lake row. */
import { SCHEMA_VERSION, type BotInfo, type LakeRow, type UaInfo, type WireEvent, type GeoInfo } from '@actionlake/schema';
import type { IpMode } from '../config';
import { BotCache, withSignals } from './bot';
import { consentOf } from './consent';
import type { GeoLookup } from './geo';
import { storedIp } from './ip';
import { classifySource } from './source';
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

export interface EnricherOptions {
  collectorId: string;
  ipMode: IpMode;
  uaCacheSize: number;
  geo: GeoLookup | null;
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
  context(ctx: RequestContext): { ua: UaInfo; bot: BotInfo; geo: GeoInfo | null; ip: string | null; receivedAt: string; skew: number } {
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

  row(event: WireEvent, ctx: RequestContext, shared: ReturnType<Enricher['context']>): LakeRow {
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
    return row;
  }
}
