/**
 * What an adapter makes of one event of another app (a SourceEvent), and the pure part of turning
 * it into a lake row (contract §10): the event_id derived from the source and the app's own id of
 * the event (a redelivery, or an import run twice, is the same row), `origin`, the app's address
 * kept only as `email_sha256`, the app's times. Written once here: the collector's common path
 * (then validation, enrichment of the app's ip and user agent, dedup, spool) and `actionlake import`
 * (which has no ip or user agent: appRow completes the row) build rows with it.
 */
import { SCHEMA_VERSION, type BotInfo, type ConsentInfo, type LakeActionType, type LakeRow, type Origin, type PageInfo, type Product, type Scalar, type UaInfo, type Utm } from '../index';
import { emailSha256 } from './email';
import { sourceEventId } from './event-id';
import { classifySource } from './source-class';
import type { Source } from './sources-file';

/** What an adapter makes of one event of the app, before the common path. */
export interface SourceEvent {
  /**
   * The app's own id of this event (Segment `messageId`, SendGrid `sg_event_id`, Stripe `evt_…`,
   * Shopify `X-Shopify-Webhook-Id`, Mailgun `event-data.id`, an import's line key): the row's
   * event_id is derived from it and the source id, so every redelivery is the same row.
   */
  vendor_id: string;
  /** a plain action name of §10 (`Email opened`, `Order completed`, …), or the vendor's own name for an event type we do not map */
  action: string;
  /** a page's action types, or the server API's `screen`, `group`, `alias` */
  action_type: LakeActionType;
  /** the vendor's name of the event as it sent it (`open`, `orders/create`, `checkout.session.completed`) */
  vendor_event?: string;
  /** when it happened, by the app's clock (ISO-8601); the common path stores it as `occurred_at` */
  occurred_at: string;
  /**
   * the time as the app sent it, when occurred_at is corrected from it (Segment's originalTimestamp
   * before its sentAt skew correction); stored as `triggered_at`, default occurred_at
   */
  triggered_at?: string;
  user_id?: string | null;
  anonymous_id?: string | null;
  session_id?: string | null;
  /** in clear as the app sent it; the common path keeps only `email_sha256` as the id (and traits.email when the app sent it as a trait) */
  email?: string | null;
  page?: PageInfo;
  utm?: Utm;
  click_ids?: Record<string, string>;
  products?: Product[];
  attributes?: Record<string, Scalar>;
  traits?: Record<string, Scalar | null>;
  /** the caller's IP and User-Agent when the app passes them (Segment `context.ip`/`userAgent`, Shopify `browser_ip`) */
  ip?: string | null;
  user_agent?: string | null;
}

/** the longest vendor id kept (origin.id) */
export const VENDOR_ID_MAX_LENGTH = 256;

/** The fields of a SourceEvent copied onto its row as they are (when present). */
const COPIED = ['action', 'action_type', 'user_id', 'page', 'utm', 'click_ids', 'products', 'attributes', 'traits'] as const;

/**
 * A row candidate of one SourceEvent (before validation), or why it cannot be one. `isDateTime`:
 * the caller's check of an ISO-8601 time (the collector's is its schema's `date-time` format).
 */
export function candidateOf(source: Source, e: SourceEvent, isDateTime: (s: string) => boolean): { row: Record<string, unknown> } | { error: string; row: Record<string, unknown> } {
  const vendorId = e?.vendor_id;
  const origin: Origin = { kind: source.kind, source_id: source.id, id: typeof vendorId === 'string' ? vendorId : '' };
  if (e && typeof e.vendor_event === 'string') origin.event = e.vendor_event;
  const row: Record<string, unknown> = {
    event_id: typeof vendorId === 'string' && vendorId ? sourceEventId(source.id, vendorId) : undefined,
    site_id: source.site,
    triggered_at: e?.triggered_at ?? e?.occurred_at,
    origin,
  };
  if (!e || typeof e !== 'object') return { error: 'the adapter made no event of it', row };
  for (const k of COPIED) if (e[k] !== undefined) row[k] = e[k];
  if (typeof e.anonymous_id === 'string') row.anonymous_id = e.anonymous_id;
  if (typeof e.session_id === 'string') row.session_id = e.session_id;
  // the app's address, else traits' email (the enricher's rule, applied here so that the row's own
  // text, written before the enricher runs, already holds it)
  const email = emailSha256(e.email) ?? (typeof e.traits?.email === 'string' ? emailSha256(e.traits.email) : null);
  if (email) row.email_sha256 = email;
  if (typeof vendorId !== 'string' || !vendorId) return { error: "vendor_id (the app's own id of the event) is missing", row };
  if (vendorId.length > VENDOR_ID_MAX_LENGTH) return { error: `vendor_id is ${vendorId.length} characters; the limit is ${VENDOR_ID_MAX_LENGTH}`, row };
  if (typeof e.occurred_at !== 'string' || !isDateTime(e.occurred_at)) return { error: `occurred_at ${JSON.stringify(e.occurred_at)?.slice(0, 80)} is not an ISO-8601 time`, row };
  return { row };
}


/** a row with no user agent (an app that sent none) */
const NO_UA: UaInfo = { raw: null, browser: { name: null, version: null }, os: { name: null, version: null }, device: { type: null, vendor: null, model: null }, engine: { name: null } };
/** consent of an app's row: the app collected it under its own terms (as the collector's default) */
const APP_CONSENT: ConsentInfo = { state: 'granted', gpc: false, source: 'default' };
/** an app's row is no bot's: the app says it is a person's */
const NOT_A_BOT: BotInfo = Object.freeze({ is_bot: false, class: null, reasons: [] }) as BotInfo;
/** the members every appRow shares, as JSON text once */
const SHARED_TEXT = `"ip":null,"ua":${JSON.stringify(NO_UA)},"geo":null,"consent":${JSON.stringify(APP_CONSENT)},"bot":${JSON.stringify(NOT_A_BOT)}`;

/**
 * The whole row of a candidate whose app sent no ip and no user agent (an import): what the
 * collector's enricher adds to such a row, `received_at` as given and `occurred_at` the app's
 * time, never later than it.
 */
export function appRow(candidate: Record<string, unknown>, e: SourceEvent, receivedAt: string, collectorId: string): LakeRow {
  const { source, source_type } = classifySource({ utm: e.utm, click_ids: e.click_ids, referrer: e.page?.referrer, pageUrl: e.page?.url });
  const occurred = Date.parse(e.occurred_at);
  const received = Date.parse(receivedAt);
  const row = candidate as unknown as LakeRow;
  row.received_at = receivedAt;
  row.occurred_at = new Date(Math.min(occurred, received)).toISOString();
  row.ip = null;
  row.ua = NO_UA;
  row.geo = null;
  row.source = source;
  row.source_type = source_type;
  row.schema_version = SCHEMA_VERSION;
  row.collector_id = collectorId;
  row.consent = APP_CONSENT;
  row.bot = NOT_A_BOT;
  row.origin = candidate.origin as Origin;
  return row;
}

/**
 * A row of appRow as one line of JSON (what an events/ object holds), the members it shares with
 * every other such row written once (JSON.stringify of the user-agent object per row was a sixth of
 * an import's time).
 */
export function appRowText(row: LakeRow): string {
  const { ip, ua, geo, consent, bot, ...own } = row;
  if (ip !== null || ua !== NO_UA || geo !== null || consent !== APP_CONSENT || bot !== NOT_A_BOT) return JSON.stringify(row);
  const text = JSON.stringify(own);
  return text === '{}' ? `{${SHARED_TEXT}}` : `${text.slice(0, -1)},${SHARED_TEXT}}`;
}
