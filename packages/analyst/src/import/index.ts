/**
 * `actionlake import --source ID FILE --format F` (contract §10 "Import"), top-down: find the
 * `import` source (./source.ts), read the file's records as a stream (./records.ts), take Google's
 * `Parameters:` row and the header, map each line through its format (./formats) to a SourceEvent,
 * build the lake row with the collector's own builder (`candidateOf` + `appRow` of
 * `@actionlake/schema/node`), and write rows into the raw lake (./writer.ts). A bad line is
 * reported with its line number and skipped (./bad-lines.ts); a missing column stops the import
 * before any row is written.
 */
import fs from 'node:fs';
import { appRow, candidateOf, decodeSuppressed, suppressedKey, type Source } from '@actionlake/schema/node';
import type { Context } from '../ground/context';
import { UserError } from '../ground/errors';
import { BadLines } from './bad-lines';
import { Header, type LineResult, type Parameters } from './formats/format';
import { formatNamed, FORMATS } from './formats/index';
import { DEFAULT_MAX_RECORD_BYTES, firstLine, readRecords } from './records';
import { ImportWriter, DEFAULT_OBJECT_ROWS, type WriterStats } from './writer';
import { parseZone } from './zone-time';

export interface ImportOptions {
  source: Source;
  file: string;
  format: string;
  /** --bad FILE: every bad line as CSV */
  badFile?: string;
}

export interface ImportResult extends WriterStats {
  lines: number;
  bad: number;
}

/** Before 2000 a time is a broken clock, not an event (the collector's rule). */
const EARLIEST = Date.UTC(2000, 0, 1);

function limit(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${name} must be a whole number above 0, got "${raw}"`, 2);
  return n;
}

/** The `Parameters:TimeZone=…` row of Google's template. */
function parameters(first: string, line: number): Parameters {
  const params: Parameters = { timeZone: null };
  for (const pair of first.slice('Parameters:'.length).split(';')) {
    if (!pair.trim()) continue;
    const [key, ...rest] = pair.split('=');
    const value = rest.join('=').trim();
    if (key.trim().toLowerCase() !== 'timezone') throw new UserError(`line ${line}: unknown parameter "${key.trim()}" (Google's template has TimeZone=)`);
    params.timeZone = parseZone(value);
    if (!params.timeZone) throw new UserError(`line ${line}: Parameters:TimeZone="${value}" is not a time zone (a time zone id such as America/New_York, or +HHMM / -HHMM)`);
  }
  return params;
}

export async function importFile(ctx: Context, o: ImportOptions): Promise<ImportResult> {
  const format = formatNamed(o.format);
  if (!format) throw new UserError(`--format must be one of ${FORMATS.map((f) => f.name).join(', ')}, got "${o.format}"`, 2);
  const stat = await fs.promises.stat(o.file).catch(() => null);
  if (!stat?.isFile()) throw new UserError(`no file ${o.file}`, 2);
  const fileTime = stat.mtime.toISOString();
  const suppressed = await readSuppressed(ctx, o.source.site);
  const writer = new ImportWriter(ctx.lake, o.source.site, `import_${o.source.id}`, limit(ctx.env, 'ACTIONLAKE_IMPORT_OBJECT_ROWS', DEFAULT_OBJECT_ROWS), suppressed);
  const bad = new BadLines((t) => ctx.progress.warn(t), o.badFile);
  const now = Date.now();
  const total = stat.size;
  let read = 0;
  let lines = 0;
  let shown = 0;
  // the progress line is made every 1024 rows at most (the Progress redraws it every 100 ms at most)
  const show = (force = false) => (force || (++shown & 1023) === 0) && ctx.progress.update(`import ${o.source.id}: ${(read / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB (${total ? Math.floor((100 * read) / total) : 100}%), ${writer.stats.rows.toLocaleString('en')} rows, ${bad.count} bad lines`, force);
  // Google's Parameters row is read apart: it is no record of the header's width
  const first = format.name === 'google-ads-offline' ? (await firstLine(o.file)).split(',')[0].trim() : '';
  const params: Parameters = /^parameters:/i.test(first) ? parameters(first, 1) : { timeZone: null };
  let map: ((fields: string[]) => LineResult) | null = null;
  let width = 0;
  try {
    for await (const { fields, line } of readRecords(o.file, { fromLine: /^parameters:/i.test(first) ? 2 : 1, maxRecordBytes: limit(ctx.env, 'ACTIONLAKE_IMPORT_MAX_RECORD_BYTES', DEFAULT_MAX_RECORD_BYTES), onBytes: (b) => (read = b) })) {
      lines = line;
      if (!map) {
        const header = new Header(fields, format.name);
        map = format.begin(header, params, fileTime);
        width = fields.length;
        continue;
      }
      if (fields.length > width && fields.slice(width).some((f) => f.trim() !== '')) {
        await bad.add(line, `${fields.length} fields; the header has ${width}`, fields);
        continue;
      }
      const e = map(fields);
      if ('error' in e) {
        await bad.add(line, e.error, fields);
        continue;
      }
      const when = Date.parse(e.occurred_at);
      if (when > now || when < EARLIEST) {
        await bad.add(line, `the time ${e.occurred_at} is ${when > now ? 'in the future' : 'before 2000'}`, fields);
        continue;
      }
      e.vendor_event = format.name;
      const c = candidateOf(o.source, e, (s) => !Number.isNaN(Date.parse(s)));
      if ('error' in c) {
        await bad.add(line, c.error, fields);
        continue;
      }
      // received_at: when the file was written (the same file, the same partition and objects every
      // run), never before the row's own time
      await writer.add(appRow(c.row, e, e.occurred_at > fileTime ? e.occurred_at : fileTime, `import_${o.source.id}`));
      show();
    }
    if (!map) throw new UserError(`${o.file} has no header row (--format ${format.name}: ${format.describe})`);
  } finally {
    // the rows read before an error are written too: a rerun of the fixed file adds only the rest
    await writer.flush();
    await bad.close();
  }
  show(true);
  return { ...writer.stats, lines, bad: bad.count };
}

async function readSuppressed(ctx: Context, site: string): Promise<Set<string>> {
  const key = suppressedKey(site);
  const stream = await ctx.lake.get(key);
  if (!stream) return new Set();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return decodeSuppressed(key, Buffer.concat(chunks));
}
