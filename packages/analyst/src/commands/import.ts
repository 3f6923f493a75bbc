/**
 * `actionlake import FILE --source ID --format contacts|google-ads-offline|events [--sources FILE]
 * [--bad FILE]` (contract §10 "Import"): src/import. Exit 0 every line imported, 3 some lines
 * skipped (each reported with its line number), 2 bad usage (unknown source, wrong kind, no file).
 */
import { UserError } from '../ground/errors';
import { importFile } from '../import/index';
import { importSource } from '../import/source';
import { FORMATS } from '../import/formats/index';
import { stringFlag, type Command } from './command';

export const importCommand: Command = {
  name: 'import',
  help: "a CSV file's rows into the raw lake as an import source (contacts, Google Ads offline conversions, events); idempotent",
  args: { name: 'FILE' },
  options: {
    source: { type: 'string', value: 'ID', required: true },
    format: { type: 'string', value: FORMATS.map((f) => f.name).join('|'), required: true },
    sources: { type: 'string', value: 'FILE' },
    bad: { type: 'string', value: 'FILE' },
  },
  async run(ctx) {
    const file = ctx.args[0];
    const id = stringFlag(ctx, 'source');
    const format = stringFlag(ctx, 'format');
    if (!file || !id || !format) throw new UserError(`import needs ${[!file && 'a FILE', !id && '--source ID', !format && `--format ${FORMATS.map((f) => f.name).join('|')}`].filter(Boolean).join(', ')}`, 2);
    const source = importSource(stringFlag(ctx, 'sources') ?? ctx.env.SOURCES_FILE, id);
    const r = await importFile(ctx, { source, file, format, badFile: stringFlag(ctx, 'bad') });
    const n = (count: number, what: string) => `${count.toLocaleString('en')} ${what}${count === 1 ? '' : 's'}`;
    const parts = [
      n(r.rows, 'row'),
      `${n(r.bad, 'bad line')} skipped`,
      ...(r.suppressed ? [`${n(r.suppressed, 'row')} of erased persons left out`] : []),
      `${n(r.objects, 'object')} written, ${r.existing} already in the lake`,
    ];
    ctx.print(`import ${source.id} → ${ctx.lake.describe} site ${source.site}: ${parts.join('; ')}`);
    return r.bad ? 3 : 0;
  },
};
