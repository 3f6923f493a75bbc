/**
 * `actionlake attribution [--model M|all] [--by channel|source|campaign] [--from] [--to] [--json]`:
 * conversions and revenue credited to each touch, the models side by side (src/report/attribution.ts).
 */
import { UserError } from '../ground/errors';
import { ATTRIBUTION_BY, ATTRIBUTION_MODELS, attributionRows, attributionText } from '../report/attribution';
import { requireTables } from '../report/views';
import { DAY_RANGE, JSON_OUTPUT, stringFlag, type Command } from './command';

export const attribution: Command = {
  name: 'attribution',
  help: 'conversions and revenue credited to each touch, models side by side',
  options: {
    model: { type: 'string', value: `${ATTRIBUTION_MODELS.join('|')}|all` },
    by: { type: 'string', value: ATTRIBUTION_BY.join('|') },
    ...DAY_RANGE,
    ...JSON_OUTPUT,
  },
  async run(ctx) {
    const model = stringFlag(ctx, 'model') ?? 'all';
    const by = stringFlag(ctx, 'by') ?? 'channel';
    if (model !== 'all' && !(ATTRIBUTION_MODELS as readonly string[]).includes(model)) throw new UserError(`--model must be one of ${ATTRIBUTION_MODELS.join(', ')} or all, got "${model}"`, 2);
    if (!(ATTRIBUTION_BY as readonly string[]).includes(by)) throw new UserError(`--by must be one of ${ATTRIBUTION_BY.join(', ')}, got "${by}"`, 2);
    await requireTables(ctx, ['attribution', 'conversions', 'conversion_revenue']);
    const models = model === 'all' ? ATTRIBUTION_MODELS : [model];
    const rows = await attributionRows(ctx, models, by, !ctx.flags.json);
    if (ctx.flags.json) ctx.print(JSON.stringify(rows));
    else if (!rows.length) ctx.print('no conversions to attribute (define them in config/site_id=<site>/model.json or with "conversion": true on an action, then run actionlake build)');
    else ctx.print(attributionText(rows, models, by));
  },
};
