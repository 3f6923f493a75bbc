/**
 * The 360° view (`actionlake profile`) of the person behind any of their ids (user_id,
 * anonymous_id, email address or its email_sha256, person_id): ids, first/last seen, sessions,
 * the timeline of their touches of every app (web visits, newsletter opens and clicks, orders in
 * the shop, payments, imported conversions, each with its origin), devices, countries, products,
 * conversions and revenue, latest traits.
 */
import { emailSha256 } from '@actionlake/schema/node';
import { counted, formatTable } from '../ground/output/table';
import type { Context } from '../ground/context';
import { lit } from '../ground/duck/duck';
import { displayValue, money } from '../ground/output/format';
import { minuteSql } from './views';

export interface Person {
  site_id: string;
  person_id: string;
}

/** The persons with this id: any id of identity_map, an email address (by its email_sha256), a person_id. */
export async function findPersons(ctx: Context, id: string): Promise<Person[]> {
  const email = emailSha256(id);
  return ctx.duck.all<Person>(`
    SELECT DISTINCT site_id, person_id FROM identity_map WHERE id = ${lit(id)}${email ? ` OR (id_type = 'email' AND id = ${lit(email)})` : ''}
    UNION SELECT site_id, person_id FROM profiles WHERE person_id = ${lit(id)}
    ORDER BY site_id, person_id`);
}

/**
 * The person's touches in time order: each web session (origin `web`) and each row of another app
 * (origin: the source's kind and id), with what tells them apart: a campaign, an order, its amount,
 * a clicked link.
 */
async function timeline(ctx: Context, where: string) {
  const attr = (k: string) => `json_extract_string(attributes, '$.${k}')`;
  return ctx.duck.all(`
    SELECT time, origin, action, campaign, "order", value, currency, url, event_id FROM (
      SELECT started_at AS sort_at, ${minuteSql('started_at')} AS time, 'web' AS origin,
             'Visit: ' || channel || ' (' || source || ' / ' || medium || ')' AS action, campaign,
             NULL AS "order", NULL::DOUBLE AS value, NULL AS currency, entry_path AS url, session_id AS event_id
      FROM sessions WHERE ${where}
      UNION ALL
      SELECT occurred_at, ${minuteSql('occurred_at')}, origin.kind || coalesce(' ' || origin.source_id, ''), action,
             coalesce(${attr('campaign')}, utm.campaign), coalesce(${attr('order_name')}, ${attr('order_id')}),
             try_cast(coalesce(${attr('revenue')}, ${attr('value')}, ${attr('amount')}) AS DOUBLE), ${attr('currency')},
             coalesce(${attr('url')}, page.url), event_id
      FROM events
      WHERE ${where} AND coalesce(origin.kind, 'browser') <> 'browser' AND NOT coalesce(bot.is_bot, false)
    ) ORDER BY sort_at, event_id`);
}

export async function personView(ctx: Context, p: Person) {
  const where = `site_id = ${lit(p.site_id)} AND person_id = ${lit(p.person_id)}`;
  const [profile] = await ctx.duck.all(`
    SELECT * EXCLUDE (sessions, page_views, active_days, conversions, revenue, revenue_by_currency, first_seen, last_seen),
           ${minuteSql('first_seen')} AS first_seen, ${minuteSql('last_seen')} AS last_seen,
           sessions::INTEGER AS sessions, page_views::INTEGER AS page_views, active_days::INTEGER AS active_days,
           conversions::INTEGER AS conversions, revenue::DOUBLE AS revenue, revenue_by_currency::JSON AS revenue_by_currency
    FROM profiles WHERE ${where}`);
  const ids = await ctx.duck.all(`
    SELECT id_type, id, ${minuteSql('first_seen')} AS first_seen, ${minuteSql('last_seen')} AS last_seen
    FROM identity_map WHERE ${where} ORDER BY id_type DESC, first_seen, id`);
  const sessions = await ctx.duck.all(`
    SELECT ${minuteSql('started_at')} AS started, channel, source || ' / ' || medium AS source_medium, campaign,
           entry_path AS landing_page, page_views::INTEGER AS pages, events::INTEGER AS events,
           device_type AS device, browser, country, round(duration_s)::INTEGER AS seconds,
           conversions::INTEGER AS conversions, revenue::DOUBLE AS revenue, revenue_currency, revenue_by_currency::JSON AS revenue_by_currency,
           session_id, anonymous_id
    FROM sessions WHERE ${where} ORDER BY started_at, session_id`);
  // value_by_currency: what the tables count (conversion_revenue: a currency for one that names none,
  // an order of EUR and USD products split in two)
  const conversions = await ctx.duck.all(`
    SELECT ${minuteSql('c.occurred_at')} AS time, c.action, c.value::DOUBLE AS value, c.currency,
           (SELECT map_from_entries(list({'key': v.currency, 'value': v.value} ORDER BY v.currency))
            FROM conversion_revenue v WHERE v.site_id = c.site_id AND v.event_id = c.event_id)::JSON AS value_by_currency,
           c.session_id, c.event_id
    FROM conversions c WHERE ${where} ORDER BY c.occurred_at, c.event_id`);
  // JSON columns (traits, revenue by currency): objects for programs and people alike
  for (const row of [profile, ...sessions, ...conversions]) {
    for (const col of ['traits', 'revenue_by_currency', 'value_by_currency']) if (row && typeof row[col] === 'string') row[col] = JSON.parse(row[col] as string);
  }
  return { site_id: p.site_id, person_id: p.person_id, profile: profile ?? null, ids, sessions, timeline: await timeline(ctx, where), conversions };
}

export type PersonView = Awaited<ReturnType<typeof personView>>;

/** "129.80 EUR + 42.50 USD" from a revenue_by_currency object: never added across currencies. */
function revenueText(byCurrency: unknown, none: string): string {
  const entries = Object.entries((byCurrency ?? {}) as Record<string, number>);
  if (!entries.length) return none;
  // 'XXX': ISO 4217's "no currency" (the site names none)
  return entries.map(([cur, value]) => `${money(value)}${cur === 'XXX' ? '' : ` ${cur}`}`).join(' + ');
}

export function profileText(v: PersonView): string {
  const pr = (v.profile ?? {}) as Record<string, any>;
  const list = (x: unknown) => (Array.isArray(x) && x.length ? x.join(', ') : '-');
  const lines = [
    `Person ${v.person_id} (site ${v.site_id})${pr.user_id ? `, user ${pr.user_id}` : ', never identified'}`,
    `  ids:          ${v.ids.map((i) => `${i.id_type}=${i.id}`).join('  ')}`,
    `  seen:         ${pr.first_seen ?? '?'} → ${pr.last_seen ?? '?'} UTC; ${counted(pr.sessions ?? 0, 'session')}, ${counted(pr.page_views ?? 0, 'page view')}, ${counted(pr.active_days ?? 0, 'active day')}`,
    `  first touch:  ${pr.first_touch_channel ?? '-'} (${pr.first_touch_source ?? '-'} / ${pr.first_touch_medium ?? '-'}${pr.first_touch_campaign ? `, ${pr.first_touch_campaign}` : ''})`,
    `  last touch:   ${pr.last_touch_channel ?? '-'} (${pr.last_touch_source ?? '-'} / ${pr.last_touch_medium ?? '-'}${pr.last_touch_campaign ? `, ${pr.last_touch_campaign}` : ''})`,
    `  devices:      ${list(pr.device_types)}; browsers: ${list(pr.browsers)}; countries: ${list(pr.countries)}`,
    `  conversions:  ${pr.conversions ?? 0}, revenue ${revenueText(pr.revenue_by_currency, money(0))}`,
    `  traits:       ${pr.traits && Object.keys(pr.traits).length ? displayValue(pr.traits) : '-'}`,
    `  consent:      ${pr.consent ?? '-'}`,
    '',
    'Sessions',
    formatTable(v.sessions.map(({ session_id: _s, anonymous_id: _a, revenue_currency: _c, revenue_by_currency: by, ...s }) => ({ ...s, revenue: revenueText(by, '') }))),
  ];
  if (v.timeline.length) {
    const rows = v.timeline.map((t) => ({
      time: t.time,
      origin: t.origin,
      action: t.action,
      detail: [t.campaign && `campaign ${t.campaign}`, t.order && `order ${t.order}`, t.value !== null && t.value !== undefined && `${money(t.value as number)}${t.currency ? ` ${t.currency}` : ''}`, t.origin !== 'web' && t.url]
        .filter(Boolean).join(', '),
    }));
    lines.push('', 'Timeline', formatTable(rows));
  }
  const products = (pr.products ?? []) as Record<string, unknown>[];
  if (products.length) lines.push('', 'Products', formatTable(products));
  if (v.conversions.length) {
    const rows = v.conversions.map((c) => ({
      time: c.time, action: c.action, value: revenueText(c.value_by_currency, c.value === null ? '' : money(c.value)), session_id: c.session_id, event_id: c.event_id,
    }));
    lines.push('', 'Conversions', formatTable(rows));
  }
  return lines.join('\n');
}
