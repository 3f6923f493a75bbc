/**
 * GET /api/channels?by=channel|source|campaign: sessions, conversions and revenue of each traffic
 * source in the period, and what each of the five attribution models credits it with, side by
 * side, beside the previous period's (contract §11). All from tables/channel_daily (contract §7):
 *
 * - sessions: sessions that started in the period from this source;
 * - conversions, revenue: conversions whose own session came from it (GA4's session scope);
 * - <model>_conversions, <model>_revenue: the credit the model gives its touches (first, last,
 *   linear, position, time_decay; each conversion's credits sum to 1), on the day of the conversion.
 * Revenue is in the site's reporting currency. The row whose `total` is true sums every source.
 * `by` names a column from an allow-list, never from the request's text.
 */
import { ATTRIBUTION_BY, ATTRIBUTION_MODELS } from '../../report/attribution';
import { reportingCurrency, type Endpoint } from './endpoint';

/** the grouping column for each `by` (a campaign or source that is absent shows as "(none)") */
const KEY: Record<(typeof ATTRIBUTION_BY)[number], string> = {
  channel: 'channel',
  source: "coalesce(source, '(none)')",
  campaign: "coalesce(campaign, '(none)')",
};

/** the figures of each row, each for the period and for the previous one */
export const CHANNEL_FIGURES = [
  'sessions', 'conversions', 'revenue',
  ...ATTRIBUTION_MODELS.flatMap((m) => [`${m}_conversions`, `${m}_revenue`]),
] as const;

/** at most this many sources (a site with thousands of campaigns): the largest by revenue */
export const CHANNEL_ROWS = 500;

const sql = (key: string) => {
  const current = 'dt >= $from::DATE';
  const previous = 'dt < $from::DATE';
  const sums = CHANNEL_FIGURES.flatMap((f) => {
    const type = f === 'sessions' || f === 'conversions' ? 'BIGINT' : 'DOUBLE';
    return [
      `coalesce(sum(${f}) FILTER (WHERE ${current}), 0)::${type} AS ${f}`,
      `coalesce(sum(${f}) FILTER (WHERE ${previous}), 0)::${type} AS previous_${f}`,
    ];
  });
  return `
SELECT ${key} AS name, grouping(${key}) = 1 AS total, ${sums.join(',\n       ')}
FROM channel_daily
WHERE site_id = $site AND dt >= $lo::DATE AND dt <= $to::DATE
GROUP BY GROUPING SETS ((${key}), ())
ORDER BY total DESC, revenue DESC, sessions DESC, previous_revenue DESC, name
LIMIT ${CHANNEL_ROWS + 1}`;
};

export const channels: Endpoint = {
  name: 'channels',
  params: { by: { kind: 'choice', values: ATTRIBUTION_BY, default: 'channel' } },
  tables: ['channel_daily', 'sessions'],
  async run(ctx) {
    const by = ctx.values.by as (typeof ATTRIBUTION_BY)[number];
    // one scan over both periods; without a comparison the "previous" sums are over no rows
    const lo = ctx.previous?.from ?? ctx.range.from;
    const rows = await ctx.reader.rows<Record<string, unknown>>(sql(KEY[by]), { site: ctx.site, lo, from: ctx.range.from, to: ctx.range.to });
    const [total, ...sources] = rows;
    const strip = ({ total: _t, ...r }: Record<string, unknown>) => r;
    return {
      site: ctx.site,
      by,
      models: ATTRIBUTION_MODELS,
      currency: await reportingCurrency(ctx),
      current: ctx.range,
      previous: ctx.previous,
      total: strip(total),
      rows: sources.map(strip),
    };
  },
};
