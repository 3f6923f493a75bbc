/**
 * Conversions and revenue credited to each channel (source, campaign) by each attribution model,
 * side by side (`actionlake attribution`).
 * Revenue is never added across currencies: a row per channel and currency (the rows of
 * conversion_revenue, as the tables count them: a conversion that names no currency is in the site's
 * reporting currency; none for conversions without a value), and a total per currency.
 * --from / --to limit it to the conversions of those days (UTC).
 */
import { formatTable } from '../ground/output/table';
import type { Context } from '../ground/context';
import { ident, lit } from '../ground/duck/duck';
import { requireTables } from './views';

export const ATTRIBUTION_MODELS = ['first', 'last', 'linear', 'position', 'time_decay'] as const;
export const ATTRIBUTION_BY = ['channel', 'source', 'campaign'] as const;

/** The rows by `by` and currency; with `totals`, also a row per currency whose `by` is null and `total` true. */
export async function attributionRows(ctx: Context, models: readonly string[], by: string, totals = false): Promise<Record<string, unknown>[]> {
  const days = [
    ctx.from ? `c.occurred_at >= ${lit(ctx.from)}::DATE` : '',
    ctx.to ? `c.occurred_at < ${lit(ctx.to)}::DATE + INTERVAL 1 DAY` : '',
  ].filter(Boolean);
  const cols = models.flatMap((m) => [
    // a conversion split into two currencies counts once, in its `counted` row
    `round(coalesce(sum(a.${ident(m)}) FILTER (WHERE v.counted IS NOT false), 0), 4)::DOUBLE AS ${ident(`${m}_conversions`)}`,
    `round(coalesce(sum(a.${ident(m)} * v.value), 0), 2)::DOUBLE AS ${ident(`${m}_revenue`)}`,
  ]);
  const key = by === 'channel' ? 'a.channel' : `coalesce(a.${by}, '(none)')`;
  const last = models[models.length - 1];
  const rows = await ctx.duck.all(`
    SELECT ${key} AS ${ident(by)}, v.currency AS currency, grouping(${key}) = 1 AS total, ${cols.join(', ')}
    FROM attribution a
    JOIN conversions c ON c.site_id = a.site_id AND c.event_id = a.conversion_event_id
    -- a row per currency of the conversion's value (an order of EUR and USD products has two)
    LEFT JOIN conversion_revenue v ON v.site_id = a.site_id AND v.event_id = a.conversion_event_id
    ${days.length ? `WHERE ${days.join(' AND ')}` : ''}
    GROUP BY GROUPING SETS ((${key}, v.currency), (v.currency))
    ORDER BY 2 NULLS LAST, 3, ${ident(`${last}_revenue`)} DESC, ${ident(`${last}_conversions`)} DESC, 1`);
  return totals ? rows : rows.filter((r) => !r.total).map(({ total: _t, ...r }) => r);
}

/** The rows as a text table: each currency's rows, then its total; revenue as amounts. */
export function attributionText(rows: Record<string, unknown>[], models: readonly string[], by: string): string {
  const shown = rows.map((r) => {
    const out: Record<string, unknown> = { [by]: r.total ? 'Total' : r[by], currency: r.currency ?? '' };
    for (const m of models) {
      out[`${m} conv`] = Number(r[`${m}_conversions`]);
      out[`${m} revenue`] = Number(r[`${m}_revenue`]);
    }
    return out;
  });
  return formatTable(shown, { money: models.map((m) => `${m} revenue`) });
}
