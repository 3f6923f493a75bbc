/**
 * The person's rows in tables/events Parquet files that compact did not rebuild (a day whose raw
 * objects held nobody else's rows has no raw object left, so compact leaves its file): each file
 * holding such rows is rewritten without them (the same key, replaced whole) or removed when
 * nothing else is in it, and the day's identity links and the kept identity map are removed
 * (compact reads its files again and builds the whole map).
 * The derived tables are rebuilt from tables/events afterwards (models).
 */
import fs from 'node:fs';
import { dayOf, tablePrefix } from '@actionlake/schema/node';
import path from 'node:path';
import type { Context } from '../ground/context';
import { lit } from '../ground/duck/duck';
import { localFile } from '../ground/lake/local-copy';
import { dropKeptMap } from '../compact/identity';
import { dropLinks } from '../compact/links';
import { PRIVACY_MAP, type Person } from './person';

/** a tables/events file being looked at, as a view the person rule reads */
const FILE = 'privacy_events_file';

export async function eraseFromEventsTable(ctx: Context, site: string, person: Person): Promise<{ files: number; rows: number }> {
  let files = 0;
  let rows = 0;
  if (!person.personId) return { files, rows };
  const days = new Set<string>();
  for (const o of await ctx.lake.list(tablePrefix('events', site))) {
    if (!o.key.endsWith('.parquet')) continue;
    const file = await localFile(ctx.lake, o.key, ctx.work);
    const src = `read_parquet(${lit(file)}, hive_partitioning = false)`;
    // the person's rows by the person rule over erase's own map (each event is once in the table)
    const cols = new Set((await ctx.duck.describe(`SELECT * FROM ${src}`)).map((c) => c.name));
    const email = cols.has('email_sha256') ? '' : ', NULL::VARCHAR AS email_sha256'; // files written before schema 1-2-0
    await ctx.duck.run(`CREATE OR REPLACE TEMP VIEW ${FILE} AS SELECT *${email}, ${lit(site)} AS site_id FROM ${src}`);
    const theirs = `(SELECT event_id FROM al_with_person_in('${FILE}', '${PRIVACY_MAP}') WHERE person_id = ${lit(person.personId)})`;
    const [{ hits, total }] = await ctx.duck.all<{ hits: number; total: number }>(
      `SELECT (SELECT count(*) FROM ${theirs}) AS hits, (SELECT count(*) FROM ${src}) AS total`,
    );
    if (!Number(hits)) continue;
    files++;
    rows += Number(hits);
    days.add(dayOf(o.key) ?? '');
    if (Number(hits) === Number(total)) {
      await ctx.lake.delete([o.key]);
      continue;
    }
    const out = path.join(ctx.work, `erase-${files}.parquet`);
    await ctx.duck.run(`COPY (SELECT * FROM ${src} ANTI JOIN ${theirs} t USING (event_id)) TO ${lit(out)} (FORMAT parquet, COMPRESSION zstd)`);
    try {
      await ctx.lake.put(o.key, out);
    } finally {
      await fs.promises.rm(out, { force: true });
    }
  }
  // the identity links of those days (compact's, links.ts) no longer hold for their files, and the
  // kept identity map (compact/identity.ts) still holds the person's ids of those days
  if (days.size) {
    await dropLinks(ctx.lake, site, days);
    await dropKeptMap(ctx.lake, site);
  }
  return { files, rows };
}
