/**
 * Conversions as Meta Conversions API server events
 * (https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/server-event):
 *
 * - `event_name`: Meta's standard event for the Segment e-commerce spec's names, as Segment's own
 *   Facebook Conversions API destination maps them (Order Completed → Purchase, Checkout Started →
 *   InitiateCheckout, Product Added → AddToCart, Product Viewed → ViewContent, Products Searched →
 *   Search; Signed Up → CompleteRegistration), compared without case; any other action is sent as a
 *   custom event of its own name. The pixel must use the same name for Meta to deduplicate.
 * - `event_time`: unix seconds of `occurred_at`; Meta refuses events more than 7 days old ("one
 *   stale event fails the whole request"), so those are counted and left out.
 * - `event_id`: the lake's event id, so that Meta keeps one of this and the pixel's event (same
 *   event_name + event_id within 48 h) when the page passes the same id to fbq as eventID.
 * - `action_source`: `physical_store` for an imported (offline) conversion; `website` when the
 *   lake knows the browser (event_source_url and client_user_agent are required for website
 *   events, …/conversions-api/parameters); else `other`.
 * - `user_data`: the person's identifiers hashed by Meta's rules (./meta-rules.ts), `external_id`
 *   the hashed user id; `fbc` = fb.1.<click time ms>.<fbclid> ("If you don't save the _fbc cookie,
 *   use the timestamp when you first observed or received this fbclid value", subdomain index 1,
 *   …/conversions-api/parameters/fbp-and-fbc), `fbp` when the site passed its `_fbp` cookie,
 *   `client_ip_address` and `client_user_agent` of the browser, never hashed. An IP address that
 *   the collector anonymized (IP_MODE=anonymize: x.y.z.0, or an IPv6 /48) is not the browser's and
 *   is not sent ("Always provide the real IP address").
 * - `custom_data`: `value` and `currency` (lower-case ISO 4217, as Meta's SDK writes it) when the
 *   conversion has a value; `contents` [{id, quantity, item_price}] and `content_type` product
 *   from its products.
 *
 * An event without any key Meta matches a person on (email, phone, external id, fbc, fbp, or IP
 * and user agent together) is counted and left out.
 */
import type { ConversionRow } from './conversion-rows';
import { identityOf } from './identifiers';
import { metaIdentifiers, type MetaUserData } from './meta-rules';

/** Meta refuses server events older than this */
export const META_MAX_AGE_DAYS = 7;
const DAY_MS = 86_400_000;

const STANDARD_EVENTS: Record<string, string> = {
  'order completed': 'Purchase',
  'checkout started': 'InitiateCheckout',
  'product added': 'AddToCart',
  'product viewed': 'ViewContent',
  'products searched': 'Search',
  'signed up': 'CompleteRegistration',
};

export function metaEventName(action: string): string {
  return STANDARD_EVENTS[action.trim().toLowerCase()] ?? action;
}

export interface MetaEvent {
  event_name: string;
  event_time: number;
  event_id: string;
  action_source: 'website' | 'physical_store' | 'other';
  event_source_url?: string;
  user_data: MetaUserData & { fbc?: string; fbp?: string; client_ip_address?: string; client_user_agent?: string };
  custom_data?: { value?: number; currency?: string; contents?: { id: string; quantity: number; item_price?: number }[]; content_type?: 'product' };
}

export interface MetaSelection {
  events: MetaEvent[];
  tooOld: number;
  noIdentifier: number;
  consentDenied: number;
}

/** the forms an anonymized address takes (the collector's anonymizeIp: IPv4 /24, IPv6 /48) */
function anonymized(ip: string): boolean {
  if (/^\d+\.\d+\.\d+\.0$/.test(ip)) return true;
  return ip.includes(':') && /^[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{1,4}::$/i.test(ip);
}

function contents(r: ConversionRow): NonNullable<MetaEvent['custom_data']>['contents'] {
  const items = (r.products ?? [])
    .filter((p) => p && (p.id || p.name))
    .map((p) => ({ id: String(p.id ?? p.name), quantity: p.quantity ?? 1, ...(typeof p.price === 'number' ? { item_price: p.price } : {}) }));
  return items.length ? items : undefined;
}

export function metaEvent(r: ConversionRow, defaultCountry: string | null): MetaEvent | null {
  const seen = (r.countries ?? []).filter(Boolean);
  const ids = metaIdentifiers(identityOf(r.traits), [defaultCountry, seen.length === 1 ? seen[0] : null], defaultCountry, r.user_id);
  const user: MetaEvent['user_data'] = { ...ids };
  if (r.fbclid && r.fb_click_ms !== null) user.fbc = `fb.1.${r.fb_click_ms}.${r.fbclid}`;
  if (r.fbp) user.fbp = r.fbp;
  if (r.ip && !anonymized(r.ip)) user.client_ip_address = r.ip;
  if (r.user_agent) user.client_user_agent = r.user_agent;
  const matchable = user.em || user.ph || user.external_id || user.fbc || user.fbp || (user.client_ip_address && user.client_user_agent);
  if (!matchable) return null;
  const website = Boolean(r.page_url && r.user_agent) && r.origin_kind !== 'import';
  const ev: MetaEvent = {
    event_name: metaEventName(r.action),
    event_time: Math.floor(r.occurred_ms / 1000),
    event_id: r.event_id,
    action_source: r.origin_kind === 'import' ? 'physical_store' : website ? 'website' : 'other',
    ...(website ? { event_source_url: r.page_url! } : {}),
    user_data: user,
  };
  const custom: NonNullable<MetaEvent['custom_data']> = {};
  if (r.value !== null && r.currency) {
    custom.value = r.value;
    custom.currency = r.currency.toLowerCase();
  }
  const items = contents(r);
  if (items) {
    custom.contents = items;
    custom.content_type = 'product';
  }
  if (Object.keys(custom).length) ev.custom_data = custom;
  return ev;
}

/** The events Meta can take now, and how many were left out and why. */
export function metaEvents(rows: ConversionRow[], defaultCountry: string | null, now = Date.now()): MetaSelection {
  const out: MetaSelection = { events: [], tooOld: 0, noIdentifier: 0, consentDenied: 0 };
  for (const r of rows) {
    if (r.consent_state === 'denied' || r.person_consent === 'denied') {
      out.consentDenied++;
      continue;
    }
    if (now - r.occurred_ms > META_MAX_AGE_DAYS * DAY_MS) {
      out.tooOld++;
      continue;
    }
    const ev = metaEvent(r, defaultCountry);
    if (ev) out.events.push(ev);
    else out.noIdentifier++;
  }
  return out;
}

export function metaSummary(s: MetaSelection): string {
  const n = s.events.length;
  const parts = [`${n} event${n === 1 ? '' : 's'} for Meta`];
  if (s.tooOld) parts.push(`${s.tooOld} older than Meta's ${META_MAX_AGE_DAYS}-day limit, not sent`);
  if (s.noIdentifier) parts.push(`${s.noIdentifier} without anything Meta matches on (email, phone, user id, fbclid, fbp, IP + user agent)`);
  if (s.consentDenied) parts.push(`${s.consentDenied} left out: consent denied`);
  return parts.join('; ');
}
