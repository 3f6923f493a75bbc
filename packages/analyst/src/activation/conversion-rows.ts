/**
 * The conversions to send (contract §7 `conversions`), each with what an ad platform matches it on,
 * read through the tables' contract columns only (conversions, events, profiles):
 *
 * - the Google click: the person's latest event at or before the conversion, within the click
 *   window (default 90 days: the longest click-through window of a Google Ads conversion action,
 *   https://support.google.com/google-ads/answer/7014069), whose `click_ids` carry a `gclid`,
 *   `gbraid` or `wbraid` (the conversion's own click ids count: an imported offline conversion);
 * - the Meta click: the same for `fbclid`, within 90 days (the `_fbc` cookie's life, Meta's
 *   "fbp and fbc" page), and its time, for `fbc` = fb.1.<click time ms>.<fbclid>;
 * - `fbp`: the site's `_fbp` cookie when it passes it as the attribute `fbp` (the lake cannot make one);
 * - the browser: page URL, user agent and IP of the person's latest web event (origin `browser`, or
 *   none) at most 24 hours before the conversion — the conversion itself when it is one. A row from
 *   another app (a Shopify or Stripe webhook) carries the app's server, never the buyer's browser;
 * - the person: latest identify traits, user id, session countries and consent (profiles).
 *
 * Bots are in `events` but not in `conversions`; their events are left out here too.
 */
import type { Context } from '../ground/context';
import { lit } from '../ground/duck/duck';

export interface ConversionRow {
  site_id: string;
  event_id: string;
  person_id: string;
  action: string;
  /** epoch milliseconds */
  occurred_ms: number;
  value: number | null;
  currency: string | null;
  origin_kind: string | null;
  /** the conversion's own consent state, and the person's latest */
  consent_state: string | null;
  person_consent: string | null;
  products: { id?: string | null; name?: string | null; price?: number | null; quantity?: number | null }[] | null;
  gclid: string | null;
  gbraid: string | null;
  wbraid: string | null;
  google_click_ms: number | null;
  fbclid: string | null;
  fb_click_ms: number | null;
  fbp: string | null;
  page_url: string | null;
  user_agent: string | null;
  ip: string | null;
  user_id: string | null;
  traits: unknown;
  countries: string[] | null;
}

export interface ConversionQuery {
  /** YYYY-MM-DD: conversions on or after this UTC day */
  since?: string;
  /** the Google click window in days (1–90) */
  clickWindowDays: number;
}

/** the window of a Meta click: the `_fbc` cookie's 90 days */
const FB_CLICK_DAYS = 90;
/** how long before a conversion a web event still tells its browser */
const BROWSER_HOURS = 24;

export function conversionSelect(q: ConversionQuery): string {
  const since = q.since ? `WHERE c.occurred_at >= ${lit(q.since)}::TIMESTAMPTZ` : '';
  const click = (name: string) => `json_extract_string(p.click_ids, '$.${name}')`;
  return `
WITH conv AS (
  SELECT c.site_id, c.event_id, c.person_id, c.action, c.occurred_at, c.value, c.currency,
         e.origin.kind AS origin_kind, e.consent.state AS consent_state, e.products
  FROM conversions c
  JOIN events e ON e.site_id = c.site_id AND e.event_id = c.event_id
  ${since}
),
p AS (
  SELECT e.site_id, e.person_id, e.occurred_at, e.click_ids, e.page.url AS url, e.ua.raw AS ua, e.ip,
         coalesce(e.origin.kind, 'browser') AS kind,
         json_extract_string(e.attributes, '$.fbp') AS fbp
  FROM events e
  WHERE NOT coalesce(e.bot.is_bot, false)
    AND (e.site_id, e.person_id) IN (SELECT (site_id, person_id) FROM conv)
),
matched AS (
  SELECT c.event_id, c.site_id,
         arg_max({'gclid': ${click('gclid')}, 'gbraid': ${click('gbraid')}, 'wbraid': ${click('wbraid')}, 'at': p.occurred_at}, p.occurred_at)
           FILTER (WHERE (${click('gclid')} IS NOT NULL OR ${click('gbraid')} IS NOT NULL OR ${click('wbraid')} IS NOT NULL)
                   AND p.occurred_at >= c.occurred_at - INTERVAL ${Math.trunc(q.clickWindowDays)} DAY) AS g,
         arg_max({'fbclid': ${click('fbclid')}, 'at': p.occurred_at}, p.occurred_at)
           FILTER (WHERE ${click('fbclid')} IS NOT NULL AND p.occurred_at >= c.occurred_at - INTERVAL ${FB_CLICK_DAYS} DAY) AS f,
         arg_max(p.fbp, p.occurred_at) FILTER (WHERE p.fbp IS NOT NULL) AS fbp,
         arg_max({'url': p.url, 'ua': p.ua, 'ip': p.ip}, p.occurred_at)
           FILTER (WHERE p.kind = 'browser' AND p.occurred_at >= c.occurred_at - INTERVAL ${BROWSER_HOURS} HOUR) AS b
  FROM conv c
  JOIN p ON p.site_id = c.site_id AND p.person_id = c.person_id AND p.occurred_at <= c.occurred_at
  GROUP BY c.event_id, c.site_id
)
SELECT c.site_id, c.event_id, c.person_id, c.action, epoch_ms(c.occurred_at) AS occurred_ms, c.value, c.currency,
       c.origin_kind, c.consent_state, pr.consent AS person_consent,
       to_json(c.products)::VARCHAR AS products,
       m.g.gclid AS gclid, m.g.gbraid AS gbraid, m.g.wbraid AS wbraid, epoch_ms(m.g.at) AS google_click_ms,
       m.f.fbclid AS fbclid, epoch_ms(m.f.at) AS fb_click_ms, m.fbp,
       m.b.url AS page_url, m.b.ua AS user_agent, m.b.ip AS ip,
       pr.user_id, CAST(pr.traits AS VARCHAR) AS traits, pr.countries
FROM conv c
LEFT JOIN matched m ON m.site_id = c.site_id AND m.event_id = c.event_id
LEFT JOIN profiles pr ON pr.site_id = c.site_id AND pr.person_id = c.person_id
ORDER BY c.occurred_at, c.event_id`;
}

/** The conversions with their clicks, browser and person (the views of ./../report/views.ts must exist). */
export async function conversionRows(ctx: Pick<Context, 'duck'>, q: ConversionQuery): Promise<ConversionRow[]> {
  const rows = await ctx.duck.all<Record<string, unknown>>(conversionSelect(q));
  return rows.map((r) => ({
    ...(r as unknown as ConversionRow),
    occurred_ms: Number(r.occurred_ms),
    google_click_ms: r.google_click_ms === null ? null : Number(r.google_click_ms),
    fb_click_ms: r.fb_click_ms === null ? null : Number(r.fb_click_ms),
    value: r.value === null ? null : Number(r.value),
    products: typeof r.products === 'string' ? JSON.parse(r.products) : null,
  }));
}
