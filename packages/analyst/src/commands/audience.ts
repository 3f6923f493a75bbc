/**
 * `actionlake audience --where "predicate over profiles" --format google-customer-match|meta-custom-audience
 * --out FILE.csv [--country CC]`: the persons of a segment as the platform's customer-list file
 * (src/activation/audience.ts), each identifier normalized and hashed by that platform's rules.
 * Prints how many persons were written and how many were left out, and why.
 */
import { AUDIENCE_FORMATS, audienceFile, audienceRows, audienceSummary, type AudienceFormat } from '../activation/audience';
import { countryCode } from '../activation/phone-country';
import { UserError } from '../ground/errors';
import { writeTextFile } from '../ground/output/files';
import { requireTables } from '../report/views';
import { stringFlag, type Command } from './command';

export const audience: Command = {
  name: 'audience',
  help: "a segment as Google's Customer Match or Meta's customer-list file, identifiers normalized and hashed by each platform's rules",
  options: {
    where: { type: 'string', value: '"SQL predicate over profiles"', required: true },
    format: { type: 'string', value: AUDIENCE_FORMATS.join('|'), required: true },
    out: { type: 'string', value: 'FILE.csv', required: true },
    country: { type: 'string', value: 'CC' },
  },
  async run(ctx) {
    const where = stringFlag(ctx, 'where')?.trim() ?? '';
    const format = stringFlag(ctx, 'format');
    const out = stringFlag(ctx, 'out');
    const country = stringFlag(ctx, 'country');
    if (!where) throw new UserError('audience needs --where "SQL predicate over profiles", e.g. --where "revenue > 100"', 2);
    if (!format || !(AUDIENCE_FORMATS as readonly string[]).includes(format)) throw new UserError(`audience needs --format ${AUDIENCE_FORMATS.join('|')}${format ? `, got "${format}"` : ''}`, 2);
    if (!out) throw new UserError('audience needs --out FILE.csv (the file to upload)', 2);
    if (country !== undefined && !countryCode(country)) throw new UserError(`--country must be a country (ISO code such as US, or its English name), got "${country}"`, 2);
    await requireTables(ctx, ['profiles']);
    const persons = await audienceRows(ctx, where);
    const result = audienceFile(persons, format as AudienceFormat, { country });
    const file = await writeTextFile(out, result.csv);
    ctx.print(`audience: ${audienceSummary(result, format as AudienceFormat)}; written to ${file} (${format})`);
  },
};
