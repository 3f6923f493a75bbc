/**
 * `actionlake import FILE --source ID --format contacts|google-ads-offline|events [--sources FILE]
 * [--bad FILE] [--site S]` (contract §10 "Import"): src/import. Exit 0 every line imported, 3 some
 * lines skipped (each reported with its line number), 2 bad usage (unknown source, wrong kind, no
 * file, a --site other than the source's). The source's entry in SOURCES_FILE says the site its rows
 * go to; `--site S` (§7: "limits any command to one site") is honoured as that limit: S must be the
 * source's site, which may have no events yet (the first import creates it).
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
  createsSite: true,
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
    const sourcesFile = stringFlag(ctx, 'sources') ?? ctx.env.SOURCES_FILE;
    const source = importSource(sourcesFile, id);
    const site = stringFlag(ctx, 'site');
    if (site !== undefined && site !== source.site) {
      throw new UserError(`--site ${site} contradicts source "${source.id}", whose rows go to site "${source.site}" (${sourcesFile}); leave --site out, or import as a source of site "${site}"`, 2);
    }
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
