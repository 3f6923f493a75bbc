/** Turns a valid WireEvent plus what the request tells us into a lake row. */
import { type BotInfo, type LakeRow, type UaInfo, type WireEvent, type GeoInfo } from '@actionlake/schema';
import type { IpMode } from '../config';
import type { GeoLookup } from './geo';
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
export declare class Enricher {
    private readonly opts;
    private readonly ua;
    private readonly bot;
    /** geo lookup (on the full address) and the stored address, per client address */
    private readonly addresses;
    constructor(opts: EnricherOptions);
    /** Per-request work done once per batch: UA parse, geo lookup (on the full IP), IP reduction. */
    context(ctx: RequestContext): {
        ua: UaInfo;
        bot: BotInfo;
        geo: GeoInfo | null;
        ip: string | null;
        receivedAt: string;
        skew: number;
    };
    private address;
    row(event: WireEvent, ctx: RequestContext, shared: ReturnType<Enricher['context']>): LakeRow;
}
