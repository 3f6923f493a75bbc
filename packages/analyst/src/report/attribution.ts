/**
 * `actionlake attribution [--model first|last|linear|position|time_decay|all] [--by channel|source|campaign] [--json]`:
 * conversions and revenue credited to each channel (source, campaign) by each model, side by side.
 * --from / --to limit it to the conversions of those days (UTC).
 */
import { UserError } from '../cli/errors';
import { formatTable } from '../cli/table';
import type { Context } from '../context';
import { ident, lit } from '../duck/duck';
import { requireTables } from './views';

export const ATTRIBUTION_MODELS = ['first', 'last', 'linear', 'position', 'time_decay'] as const;
const BY = ['channel', 'source', 'campaign'] as const;

export async function attributionRows(ctx: Context, models: readonly string[], by: string): Promise<Record<string, unknown>[]> {
  const days = [
    ctx.from ? `c.occurred_at >= ${lit(ctx.from)}::DATE` : '',
    ctx.to ? `c.occurred_at < ${lit(ctx.to)}::DATE + INTERVAL 1 DAY` : '',
  ].filter(Boolean);
  const cols = models.flatMap((m) => [
    `round(sum(a.${ident(m)}), 4)::DOUBLE AS ${ident(`${m}_conversions`)}`,
    `round(coalesce(sum(a.${ident(m)} * c.value), 0), 2)::DOUBLE AS ${ident(`${m}_revenue`)}`,
  ]);
  const key = by === 'channel' ? 'a.channel' : `coalesce(a.${by}, '(none)')`;
  return ctx.duck.all(`
    SELECT ${key} AS ${ident(by)}, ${cols.join(', ')}
    FROM attribution a
    JOIN conversions c ON c.site_id = a.site_id AND c.event_id = a.conversion_event_id
    ${days.length ? `WHERE ${days.join(' AND ')}` : ''}
    GROUP BY 1
    ORDER BY ${ident(`${models[models.length - 1]}_revenue`)} DESC, ${ident(`${models[models.length - 1]}_conversions`)} DESC, 1`);
}

export const attributionCommand = {
  help: '[--model first|last|linear|position|time_decay|all] [--by channel|source|campaign] [--json]: conversions and revenue by touch',
  async run(ctx: Context): Promise<void> {
    const model = (ctx.flags.model as string | undefined) ?? 'all';
    const by = (ctx.flags.by as string | undefined) ?? 'channel';
    if (model !== 'all' && !(ATTRIBUTION_MODELS as readonly string[]).includes(model)) throw new UserError(`--model must be one of ${ATTRIBUTION_MODELS.join(', ')} or all, got "${model}"`, 2);
    if (!(BY as readonly string[]).includes(by)) throw new UserError(`--by must be one of ${BY.join(', ')}, got "${by}"`, 2);
    await requireTables(ctx, ['attribution', 'conversions']);
    const models = model === 'all' ? ATTRIBUTION_MODELS : [model];
    const rows = await attributionRows(ctx, models, by);
    if (ctx.flags.json) {
      ctx.print(JSON.stringify(rows));
      return;
    }
    if (!rows.length) {
      ctx.print('no conversions to attribute (define them in config/site_id=<site>/model.json or with "conversion": true on an action, then run actionlake build)');
      return;
    }
    const total: Record<string, unknown> = { [by]: 'Total' };
    for (const m of models) {
      total[`${m}_conversions`] = rows.reduce((s, r) => s + Number(r[`${m}_conversions`]), 0);
      total[`${m}_revenue`] = rows.reduce((s, r) => s + Number(r[`${m}_revenue`]), 0);
    }
    const shown = [...rows, total].map((r) => {
      const out: Record<string, unknown> = { [by]: r[by] };
      for (const m of models) {
        out[`${m} conv`] = Number(Number(r[`${m}_conversions`]).toFixed(2));
        out[`${m} revenue`] = Number(Number(r[`${m}_revenue`]).toFixed(2));
      }
      return out;
    });
    ctx.print(formatTable(shown));
  },
};
