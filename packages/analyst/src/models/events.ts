/**
 * The `events` view the models read: tables/events of the sites at hand, with the columns the
 * models use even when older files lack them (bot and consent came with §8, origin and
 * email_sha256 with §10; channel is computed here for files without it). person_id is the person
 * rule's over the identity map of this build (person_events.sql), whatever the files hold.
 */
import type { Context } from '../ground/context';
import { ident, lit } from '../ground/duck/duck';
import { parquetSource, tableKeys } from '../ground/duck/views';
import { localFiles } from '../ground/lake/local-copy';

const OPTIONAL: Record<string, string> = {
  bot: 'NULL::STRUCT(is_bot BOOLEAN, "class" VARCHAR, reasons VARCHAR[])',
  consent: 'NULL::STRUCT(state VARCHAR, gpc BOOLEAN, source VARCHAR)',
  channel: 'channel(utm, click_ids, source, source_type, page.referrer)',
  // schema 1-2-0 (contract §10): older files hold the browser's rows only
  origin: 'NULL::STRUCT(kind VARCHAR, source_id VARCHAR, id VARCHAR, "event" VARCHAR)',
  email_sha256: 'NULL::VARCHAR',
};

/** Creates the view `events` (or `name`) of `sites`; false when none of them has tables/events yet. */
export async function createEventsView(ctx: Context, sites = ctx.sites, name = 'events'): Promise<boolean> {
  const keys = await tableKeys(ctx.lake, 'events', sites);
  if (!keys.length) return false;
  const files = await localFiles(ctx.lake, keys, ctx.work);
  const source = parquetSource(files);
  const cols = new Set((await ctx.duck.describe(`SELECT * FROM ${source}`)).map((c) => c.name));
  const added = Object.entries(OPTIONAL).filter(([name]) => !cols.has(name)).map(([name, expr]) => `, ${expr} AS ${ident(name)}`);
  const where = sites.length ? `WHERE site_id IN (${sites.map(lit).join(', ')})` : '';
  await ctx.duck.run(`CREATE OR REPLACE VIEW ${ident(name)} AS SELECT *${added.join('')} FROM ${source} ${where}`);
  return true;
}
