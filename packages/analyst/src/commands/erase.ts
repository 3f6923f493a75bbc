/** `actionlake erase ID [--dry-run]` (contract §8): src/privacy/erase.ts, site by site. */
import { UserError } from '../ground/errors';
import { eraseSite } from '../privacy/erase';
import type { Command } from './command';

export const erase: Command = {
  name: 'erase',
  help: 'remove every row of the person behind ID from raw objects and tables, suppress their ids',
  args: { name: 'ID' },
  options: { 'dry-run': { type: 'boolean' } },
  async run(ctx) {
    const id = ctx.args[0];
    if (!id) throw new UserError('erase needs an id of the person (user_id, anonymous_id, email address or person_id)', 2);
    const dry = ctx.flags['dry-run'] === true;
    for (const site of ctx.sites) {
      const r = await eraseSite(ctx, site, id, dry);
      ctx.print(
        r.noop
          ? `erase ${site}: already done (${r.ids} ids); nothing changed`
          : `erase ${site}: ${r.ids} ids, ${r.rows} rows ${dry ? 'would be ' : ''}removed; ${r.objects.rewritten} objects rewritten, ${r.objects.removed} removed, of ${r.objects.scanned}`,
      );
    }
  },
};
