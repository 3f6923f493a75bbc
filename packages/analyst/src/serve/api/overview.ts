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
import { reportingCurrency, type Endpoint } from './endpoint';
import type { Range } from '../params';

/** the UTC day of timestamp column `t`, by arithmetic on its epoch */
const utcDay = (t: string) => `DATE '1970-01-01' + CAST(epoch_us(${t}) // 86400000000 AS INTEGER)`;

/**
 * Both periods in one pass over each table ($lo: the previous period's first day, else the
 * period's; `cur`: in the period): a row per day of each, and one per period (day NULL) with its
 * totals. GROUPING SETS count the distinct visitors of a period in the same scan as those of its
 * days (a period's visitors are not the sum of its days'). A row's UTC day is computed from its epoch
 * (utcDay): the same as CAST(t AS DATE) under serve's UTC, at about half the cost. Named utc_day:
 * the tables written one file per day have a `dt` column (their Hive partition), which a GROUP BY
 * would take before an alias of that name.
 */
const FIGURES = `
WITH s AS (
  SELECT ${utcDay('started_at')} AS utc_day, started_at >= $from::DATE AS cur, count(DISTINCT person_id) AS visitors, count(*) AS sessions
  FROM sessions WHERE site_id = $site AND started_at >= $lo::DATE AND started_at < $to::DATE + 1
  GROUP BY GROUPING SETS ((utc_day, cur), (cur))
),
c AS (
  SELECT ${utcDay('occurred_at')} AS utc_day, occurred_at >= $from::DATE AS cur, count(*) AS conversions
  FROM conversions WHERE site_id = $site AND occurred_at >= $lo::DATE AND occurred_at < $to::DATE + 1
  GROUP BY GROUPING SETS ((utc_day, cur), (cur))
),
r AS (
  SELECT ${utcDay('occurred_at')} AS utc_day, occurred_at >= $from::DATE AS cur, sum(value) AS revenue
  FROM conversion_revenue WHERE site_id = $site AND reporting AND occurred_at >= $lo::DATE AND occurred_at < $to::DATE + 1
  GROUP BY GROUPING SETS ((utc_day, cur), (cur))
),
days AS (
  SELECT CAST(d AS DATE) AS dt, CAST(d AS DATE) >= $from::DATE AS cur FROM generate_series($lo::DATE, $to::DATE, INTERVAL 1 DAY) t(d)
  UNION ALL SELECT NULL, true UNION ALL SELECT NULL, false
)
SELECT strftime(days.dt, '%Y-%m-%d') AS day, days.cur,
       coalesce(s.visitors, 0)::BIGINT AS visitors, coalesce(s.sessions, 0)::BIGINT AS sessions,
       coalesce(c.conversions, 0)::BIGINT AS conversions, coalesce(r.revenue, 0)::DOUBLE AS revenue
FROM days
LEFT JOIN s ON s.utc_day IS NOT DISTINCT FROM days.dt AND s.cur = days.cur
LEFT JOIN c ON c.utc_day IS NOT DISTINCT FROM days.dt AND c.cur = days.cur
LEFT JOIN r ON r.utc_day IS NOT DISTINCT FROM days.dt AND r.cur = days.cur
ORDER BY days.dt NULLS FIRST, days.cur`;

const OTHER_CURRENCIES = `
SELECT occurred_at >= $from::DATE AS cur, currency, sum(value)::DOUBLE AS revenue
FROM conversion_revenue WHERE site_id = $site AND NOT reporting AND occurred_at >= $lo::DATE AND occurred_at < $to::DATE + 1
GROUP BY 1, 2 ORDER BY 3 DESC, 2`;

export interface Figures {
  visitors: number;
  sessions: number;
  conversions: number;
  revenue: number;
}

type Row = Figures & { day: string | null; cur: boolean };

/** a period's totals, its days and its revenue in other currencies, from the rows of both */
function period(r: Range, rows: Row[], other: { cur: boolean; currency: string; revenue: number }[], cur: boolean) {
  const figures = ({ visitors, sessions, conversions, revenue }: Row): Figures => ({ visitors, sessions, conversions, revenue });
  const mine = rows.filter((x) => x.cur === cur);
  return {
    ...r,
    totals: figures(mine.find((x) => x.day === null)!),
    days: mine.filter((x) => x.day !== null).map((x) => ({ day: x.day!, ...figures(x) })),
    other_currencies: other.filter((o) => o.cur === cur).map(({ currency, revenue }) => ({ currency, revenue })),
  };
}

export const overview: Endpoint = {
  name: 'overview',
  params: {},
  tables: ['sessions', 'conversions', 'conversion_revenue'],
  async run(ctx) {
    const values = { site: ctx.site, lo: ctx.previous?.from ?? ctx.range.from, from: ctx.range.from, to: ctx.range.to };
    // the three queries at once: the reader has several connections
    const [currency, rows, other] = await Promise.all([
      reportingCurrency(ctx),
      ctx.reader.rows<Row>(FIGURES, values),
      ctx.reader.rows<{ cur: boolean; currency: string; revenue: number }>(OTHER_CURRENCIES, values),
    ]);
    return {
      site: ctx.site,
      currency,
      current: period(ctx.range, rows, other, true),
      previous: ctx.previous ? period(ctx.previous, rows, other, false) : null,
    };
  },
};
