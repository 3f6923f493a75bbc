/** `actionlake profile ID [--json]`: the 360° view of the person behind any of their ids (src/report/profile.ts). */
import { UserError } from '../ground/errors';
import { findPersons, personView, profileText } from '../report/profile';
import { requireTables } from '../report/views';
import { JSON_OUTPUT, type Command } from './command';

export const profile: Command = {
  name: 'profile',
  help: 'the 360° view of the person behind a user_id, anonymous_id, email address or person_id',
  args: { name: 'ID' },
  options: { ...JSON_OUTPUT },
  async run(ctx) {
    const id = ctx.args[0];
    if (!id) throw new UserError('profile needs one id: actionlake profile USER_ID|ANONYMOUS_ID|EMAIL|PERSON_ID [--json]', 2);
    await requireTables(ctx, ['profiles', 'identity_map', 'sessions', 'conversions', 'conversion_revenue', 'events']);
    const persons = await findPersons(ctx, id);
    if (!persons.length) throw new UserError(`no person has the id "${id}" (a user_id, anonymous_id, email address or person_id) in ${ctx.sites.length === 1 ? `site ${ctx.sites[0]}` : 'the lake'}`);
    const views = [];
    for (const p of persons) views.push(await personView(ctx, p));
    ctx.print(ctx.flags.json ? JSON.stringify(views.length === 1 ? views[0] : views, null, 2) : views.map(profileText).join('\n\n'));
  },
};
