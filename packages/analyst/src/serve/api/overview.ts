/**
 * GET /api/overview: visitors, sessions, conversions and revenue of the period, per day and in
 * total, beside the same figures of the previous period (contract §11, Plausible's top stats).
 *
 * - visitors: distinct persons with a session that started in the period (a person on two devices
 *   is one visitor); sessions: sessions that started in it (tables/sessions);
 * - conversions: conversions that happened in it (tables/conversions);
 * - revenue: their value in the site's reporting currency (tables/conversion_revenue rows with
 *   `reporting`, as every `revenue` column counts it); revenue in other currencies is listed apart
 *   (`other_currencies`), never added.
 * A day without any of them is a day of zeros, so the chart has every day of the period.
 */
import { inPeriod, periodValues, reportingCurrency, type ApiContext, type Endpoint } from './endpoint';
import type { Range } from '../params';

const DAILY = `
WITH days AS (
  SELECT CAST(d AS DATE) AS dt FROM generate_series($from::DATE, $to::DATE, INTERVAL 1 DAY) t(d)
),
s AS (
  SELECT CAST(started_at AS DATE) AS dt, count(DISTINCT person_id) AS visitors, count(*) AS sessions
  FROM sessions WHERE site_id = $site AND ${inPeriod('started_at')} GROUP BY 1
),
c AS (
  SELECT CAST(occurred_at AS DATE) AS dt, count(*) AS conversions
  FROM conversions WHERE site_id = $site AND ${inPeriod('occurred_at')} GROUP BY 1
),
r AS (
  SELECT CAST(occurred_at AS DATE) AS dt, sum(value) AS revenue
  FROM conversion_revenue WHERE site_id = $site AND reporting AND ${inPeriod('occurred_at')} GROUP BY 1
)
SELECT strftime(days.dt, '%Y-%m-%d') AS day,
       coalesce(s.visitors, 0)::BIGINT AS visitors, coalesce(s.sessions, 0)::BIGINT AS sessions,
       coalesce(c.conversions, 0)::BIGINT AS conversions, coalesce(r.revenue, 0)::DOUBLE AS revenue
FROM days LEFT JOIN s USING (dt) LEFT JOIN c USING (dt) LEFT JOIN r USING (dt)
ORDER BY days.dt`;

const TOTALS = `
SELECT (SELECT count(DISTINCT person_id) FROM sessions WHERE site_id = $site AND ${inPeriod('started_at')})::BIGINT AS visitors,
       (SELECT count(*) FROM sessions WHERE site_id = $site AND ${inPeriod('started_at')})::BIGINT AS sessions,
       (SELECT count(*) FROM conversions WHERE site_id = $site AND ${inPeriod('occurred_at')})::BIGINT AS conversions,
       (SELECT coalesce(sum(value), 0) FROM conversion_revenue WHERE site_id = $site AND reporting AND ${inPeriod('occurred_at')})::DOUBLE AS revenue`;

const OTHER_CURRENCIES = `
SELECT currency, sum(value)::DOUBLE AS revenue
FROM conversion_revenue WHERE site_id = $site AND NOT reporting AND ${inPeriod('occurred_at')}
GROUP BY 1 ORDER BY 2 DESC, 1`;

export interface Figures {
  visitors: number;
  sessions: number;
  conversions: number;
  revenue: number;
}

async function period(ctx: ApiContext, r: Range) {
  const values = periodValues(ctx.site, r);
  const [[totals], days, other] = await Promise.all([
    ctx.reader.rows<Figures>(TOTALS, values),
    ctx.reader.rows<Figures & { day: string }>(DAILY, values),
    ctx.reader.rows<{ currency: string; revenue: number }>(OTHER_CURRENCIES, values),
  ]);
  return { ...r, totals, days, other_currencies: other };
}

export const overview: Endpoint = {
  name: 'overview',
  params: {},
  tables: ['sessions', 'conversions', 'conversion_revenue'],
  async run(ctx) {
    // every query at once: the reader runs as many as it has connections, and queues the rest
    const [currency, current, previous] = await Promise.all([
      reportingCurrency(ctx),
      period(ctx, ctx.range),
      ctx.previous ? period(ctx, ctx.previous) : null,
    ]);
    return { site: ctx.site, currency, current, previous };
  },
};
