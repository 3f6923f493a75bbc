/**
 * ActionLake's shared types: what the SDK sends (WireEvent), what the lake stores (LakeRow, BadRow)
 * and what the Action Recorder saves (ActionDefinition). They mirror ../lake-row.schema.json,
 * which is the source of truth for validation.
 */

/** The action types a page sends. */
export type ActionType = 'pageview' | 'click' | 'submit' | 'custom' | 'identify' | 'consent';
/** Every action type of a lake row: a page's, and the server API's screen, group and alias (contract §10). */
export type LakeActionType = ActionType | 'screen' | 'group' | 'alias';
export type Scalar = string | number | boolean;

export interface PageInfo { url?: string; path?: string; title?: string; referrer?: string }
export interface Utm { source?: string; medium?: string; campaign?: string; term?: string; content?: string }
export interface ElementInfo {
  tag?: string; text?: string; selector?: string; href?: string; id?: string; classes?: string[];
}
export interface Product {
  name?: string; price?: number; currency?: string; brand?: string; id?: string;
  category?: string; variant?: string; quantity?: number; traits?: Record<string, Scalar>;
}
export interface DeviceInfo {
  screen_width?: number; screen_height?: number; viewport_width?: number; viewport_height?: number;
  language?: string; timezone?: string;
}

/** The visitor's consent as the page knew it when the event happened (contract §8). */
export interface ConsentInfo {
  state: 'granted' | 'denied' | 'pending';
  /** the browser sent Global Privacy Control (navigator.globalPrivacyControl === true) */
  gpc: boolean;
  /** default: no answer yet (data-consent or the default); site: consent() was called; gpc: denied because of GPC */
  source: 'default' | 'site' | 'gpc';
}

export type BotClass = 'crawler' | 'ai_agent' | 'monitor' | 'automation';
/** The collector's verdict on one row (contract §8); rows of bots are kept. */
export interface BotInfo {
  is_bot: boolean;
  class: BotClass | null;
  /** what decided it: `ua:<matched token>`, `page:<signal>` */
  reasons: string[];
}

export interface WireEvent {
  event_id: string;
  site_id: string;
  action: string;
  action_type: ActionType;
  triggered_at: string;
  anonymous_id: string;
  session_id: string;
  user_id?: string | null;
  visitor_type?: 'new' | 'returning';
  page?: PageInfo;
  utm?: Utm;
  click_ids?: Record<string, string>;
  element?: ElementInfo;
  products?: Product[];
  attributes?: Record<string, Scalar>;
  traits?: Record<string, Scalar | null>;
  device?: DeviceInfo;
  consent?: ConsentInfo;
  /** automation markers the page saw: `webdriver` (navigator.webdriver), `headless` */
  bot_signals?: string[];
}

export interface Batch { sent_at?: string; events: WireEvent[] }
export interface BatchResponse { accepted: number; rejected: number; errors: { index: number; reason: string }[] }

export type SourceType = 'paid' | 'social' | 'email' | 'search' | 'referral' | 'direct';
export interface NameVersion { name: string | null; version: string | null }
export interface UaInfo {
  raw: string | null;
  browser: NameVersion;
  os: NameVersion;
  device: { type: string | null; vendor: string | null; model: string | null };
  engine: { name: string | null };
}
export interface GeoInfo {
  country: string | null; region: string | null; city: string | null; continent: string | null;
  timezone: string | null; latitude: number | null; longitude: number | null;
}

/** The kinds of source other than the browser (contract §10). */
export type SourceKind = 'server' | 'sendgrid' | 'mailgun' | 'mailchimp' | 'shopify' | 'stripe' | 'import';

/** Which app a row came from (contract §10), stamped by the collector, never taken from the page. */
export interface Origin {
  kind: 'browser' | SourceKind;
  /** the source's id (SOURCES_FILE); absent for the browser */
  source_id?: string;
  /** the app's own id of the event (Segment messageId, sg_event_id, evt_…) */
  id?: string;
  /** the app's name of the event type as it sent it (track, open, orders/create) */
  event?: string;
}

/**
 * One line of an events/ object. A page's rows always have anonymous_id and session_id; a row of
 * another app has them only when the app sent them. Rows before schema 1-2-0 have no origin (they
 * are all the browser's) and no email_sha256.
 */
export interface LakeRow extends Omit<WireEvent, 'action_type' | 'anonymous_id' | 'session_id'> {
  action_type: LakeActionType;
  anonymous_id?: string;
  session_id?: string;
  received_at: string;
  occurred_at: string;
  ip: string | null;
  ua: UaInfo;
  geo: GeoInfo | null;
  source: string | null;
  source_type: SourceType;
  schema_version: string;
  collector_id: string;
  consent: ConsentInfo;
  bot: BotInfo;
  origin: Origin;
  /** SHA-256 (hex) of the row's email, trimmed and lower-cased: identify traits' email, a source's address */
  email_sha256?: string;
}

export interface BadRow { received_at: string; reason: string; errors: string[]; payload: unknown }

/**
 * What the Action Recorder saves and the SDK applies (contract §2). Field values (product,
 * attributes) are CSS selectors inside the container whose text is read; `sel@attr` reads the
 * attribute `attr` of the element instead, and `@attr` alone reads it from the container itself.
 */
export interface ActionDefinition {
  id: string;
  name: string;
  /** a click on an element matching this, or inside one (closest()), produces the action */
  selector: string;
  /** glob on the page path: `*` = any characters but `/`, `**` = anything; absent = every page */
  url?: string;
  container?: string;
  product?: Partial<Record<'name' | 'price' | 'brand' | 'id' | 'category' | 'variant' | 'quantity', string>> & Record<string, string>;
  attributes?: Record<string, string>;
  /**
   * Used only when `selector` matches nothing on the page (the site changed): the clicked element
   * (or its ancestor) matching the structural `path` and whose trimmed text equals `text`.
   */
  fallback?: { path: string; text?: string };
  /** events of this action count as conversions (contract §7), besides those listed in model.json */
  conversion?: boolean;
}

/** GET /v1/sites/:site/actions */
export interface ActionSet {
  version: string;
  actions: ActionDefinition[];
}

export const ACTION_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** names of an ActionDefinition's product / attributes fields */
export const ACTION_FIELD_KEY_PATTERN = /^[A-Za-z0-9_ -]{1,64}$/;

export const SITE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const SCHEMA_VERSION = '1-2-0';
