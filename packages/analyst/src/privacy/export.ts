/**
 * `actionlake export ID [--out FILE]` (contract §8): every raw events row of the person (of every
 * source), as NDJSON; and their rows of tables/events days whose raw objects are gone (an S3
 * lifecycle rule), as those files hold them (the lake row's columns, DuckDB's JSON of each).
 */
import fs from 'node:fs';
import { rawPrefix } from '@actionlake/schema/node';
import type { Context } from '../ground/context';
import { lit } from '../ground/duck/duck';
import { parquetSource } from '../ground/duck/views';
import { localFiles } from '../ground/lake/local-copy';
import { isPersons, PRIVACY_MAP, resolvePerson, tableOnlyKeys, type Person } from './person';
import { eachLine } from './rows';

/** the rows of a table-only file, with site_id, as the person rule reads them */
const TABLE_ROWS = 'privacy_export_rows';

/** The person's rows in tables/events files of days with no raw object left, as JSON lines. */
async function tableOnlyLines(ctx: Context, site: string, person: Person): Promise<string[]> {
  const keys = await tableOnlyKeys(ctx, site);
  if (!keys.length || !person.personId) return [];
  const files = await localFiles(ctx.lake, keys, ctx.work);
  await ctx.duck.run(`CREATE OR REPLACE TEMP VIEW ${TABLE_ROWS} AS SELECT * EXCLUDE (dt) FROM ${parquetSource(files)}`);
  try {
    const rows = await ctx.duck.all(`SELECT * EXCLUDE (person_id, person_user_id, channel)
      FROM al_with_person_in('${TABLE_ROWS}', '${PRIVACY_MAP}') WHERE person_id = ${lit(person.personId)} ORDER BY occurred_at, event_id`);
    return rows.map((r) => JSON.stringify(r));
  } finally {
    await ctx.duck.run(`DROP VIEW IF EXISTS ${TABLE_ROWS}`);
  }
}

export async function exportPerson(ctx: Context, id: string, out: string | null): Promise<number> {
  const file = out ? fs.createWriteStream(out) : null;
  let n = 0;
  const write = async (lines: string[]) => {
    for (const l of lines) {
      n++;
      if (file) {
        if (!file.write(l + '\n')) await new Promise<void>((r) => file.once('drain', () => r()));
      } else ctx.print(l);
    }
  };
  for (const site of ctx.sites) {
    const person = await resolvePerson(ctx, site, id);
    for (const o of await ctx.lake.list(rawPrefix('events', site))) {
      const lines: string[] = [];
      await eachLine(ctx.lake, o.key, (line) => {
        try {
          if (isPersons(person, JSON.parse(line))) lines.push(line);
        } catch {
          // a broken line is nobody's row
        }
      });
      await write(lines);
    }
    await write(await tableOnlyLines(ctx, site, person));
  }
  if (file) await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return n;
}
