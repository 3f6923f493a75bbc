/** `actionlake export ID [--out FILE]` (contract §8): every raw row of the person, as NDJSON. */
import { UserError } from '../ground/errors';
import { exportPerson } from '../privacy/export';
import { stringFlag, type Command } from './command';

export const exportCommand: Command = {
  name: 'export',
  help: 'every raw row of the person behind ID, as NDJSON',
  args: { name: 'ID' },
  options: { out: { type: 'string', value: 'FILE' } },
  async run(ctx) {
    const id = ctx.args[0];
    if (!id) throw new UserError('export needs an id of the person (user_id, anonymous_id, email address or person_id)', 2);
    const out = stringFlag(ctx, 'out') ?? null;
    const n = await exportPerson(ctx, id, out);
    if (out) ctx.print(`export: ${n} rows written to ${out}`);
  },
};
