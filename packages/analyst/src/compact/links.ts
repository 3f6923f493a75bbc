/**
 * Identity links: what the identity map needs of one day of tables/events, kept beside the table
 * (`tables/_manifest/site_id=<s>/identity_links/dt=<d>/<token>.parquet`, lake-layout's linksKey) so
 * that a build reads each kept day's few links instead of every row's ids.
 *
 * A link is one distinct set of a row's ids (anonymous_id, user_id, email_sha256, click_ids, an
 * alias's attributes, bot) with the person_id compact stamped on those rows (a function of
 * the ids) and the first and last occurred_at among them. identity_map.sql reads its `events` with
 * min, max, count(DISTINCT …), arg_max and arg_min over occurred_at only, which give the same over
 * a set's first and last row as over all of its rows; so the links, read as two rows each
 * (expanded), give the map the rows give. The 1M-event bench lake has 983,333 rows in 113,763 links.
 *
 * A day's links are valid for the day's files as compact last wrote them: `token` is the day's
 * built_at in compact's manifest (written and re-stamped days get a new one); erase, which
 * rewrites files in place, removes the links of the days it touches (privacy/tables.ts); a day
 * without valid links is read from its Parquet, and its links are written after the build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dayOf, linksKey, linksPrefix } from '@actionlake/schema/node';
import { lit, type Duck } from '../ground/duck/duck';
import type { Lake } from '../ground/lake/lake';
import { localFiles } from '../ground/lake/local-copy';
import { perCore } from './per-core';

/** The id columns of a link (each a column of tables/events), and dt. */
const LINK_IDS = 'anonymous_id, user_id, email_sha256, click_ids, action_type, attributes, bot';

/** A day's links, as a SELECT over `rows` (tables/events rows: ids, person_id, occurred_at). */
function linksOf(rows: string): string {
  return `SELECT anonymous_id, user_id, email_sha256, click_ids,
      CASE WHEN action_type = 'alias' THEN 'alias' END AS action_type,
      CASE WHEN action_type = 'alias' THEN attributes END AS attributes,
      bot, person_id,
      min(occurred_at) AS first_at, max(occurred_at) AS last_at
    FROM ${rows} GROUP BY ALL`;
}

/** The file-safe token of a day built at `builtAt` (compact's manifest). */
const tokenOf = (builtAt: string) => builtAt.replace(/[^0-9A-Za-z]/g, '-');

/** dt → the key of the day's valid links, for the days of `days` (dt → built_at) that have them. */
export async function validLinks(lake: Lake, site: string, days: Map<string, string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const o of await lake.list(linksPrefix(site))) {
    const dt = dayOf(o.key);
    const builtAt = dt ? days.get(dt) : undefined;
    if (dt && builtAt && o.key === linksKey(site, dt, tokenOf(builtAt))) out.set(dt, o.key);
  }
  return out;
}

/**
 * The links of `keys` (valid links files), one row per link: site_id, the ids, bot, person_id (as
 * stamped), dt, first_at and last_at.
 */
export async function readLinks(lake: Lake, site: string, keys: string[], work: string): Promise<string> {
  const files = await localFiles(lake, keys, work);
  return `(SELECT ${lit(site)} AS site_id, ${LINK_IDS}, person_id, CAST(dt AS VARCHAR) AS dt, first_at, last_at
    FROM read_parquet([${files.map(lit).join(', ')}], hive_partitioning = true))`;
}

/**
 * `links` (as readLinks gives them) as the id rows identity_map.sql and the person rule read:
 * `rows`, two per link (first_at and last_at as occurred_at; one when they are equal); `sets`,
 * one per link without a time, for the person rule alone (which days' rows change person: half
 * the rows to join).
 */
export function linkIdRows(links: string): { rows: string; sets: string } {
  const cols = '* EXCLUDE (first_at, last_at)';
  return {
    rows: `(SELECT ${cols}, first_at AS occurred_at FROM ${links}
      UNION ALL SELECT ${cols}, last_at FROM ${links} WHERE last_at IS DISTINCT FROM first_at)`,
    sets: `(SELECT ${cols} FROM ${links})`,
  };
}

/** A day whose links to write: its tables/events files and when compact built them (its manifest entry). */
export interface LinksDay {
  dt: string;
  keys: string[];
  builtAt: string;
  /** local copies of `keys` when the run has them already (a kept day read from its Parquet) */
  local?: string[];
}

/**
 * Writes the links of `days` from their tables/events files, replacing their others: one day per
 * core at a time (per-core.ts; each day is a small read of its files' id columns).
 */
export async function writeLinks(duck: Duck, lake: Lake, site: string, days: LinksDay[], work: string): Promise<void> {
  if (!days.length) return;
  const existing = (await lake.list(linksPrefix(site))).map((o) => o.key);
  await perCore(duck, days, async (conn, day) => {
    const key = linksKey(site, day.dt, tokenOf(day.builtAt));
    const old = existing.filter((k) => dayOf(k) === day.dt && k !== key);
    if (day.keys.length) {
      const files = day.local ?? (await localFiles(lake, day.keys, work));
      const out = path.join(work, `links-${day.dt.replace(/[^0-9A-Za-z-]/g, '_')}.parquet`);
      await conn.run(`COPY (${linksOf(`read_parquet([${files.map(lit).join(', ')}], hive_partitioning = false, union_by_name = true)`)})
        TO ${lit(out)} (FORMAT parquet, COMPRESSION zstd)`);
      try {
        await lake.put(key, out);
      } finally {
        await fs.promises.rm(out, { force: true });
      }
    }
    if (old.length) await lake.delete(old);
  });
}

/** Removes the links of `days`: erase rewrote their files. */
export async function dropLinks(lake: Lake, site: string, days: Set<string>): Promise<void> {
  const keys = (await lake.list(linksPrefix(site))).map((o) => o.key).filter((k) => days.has(dayOf(k) ?? ''));
  if (keys.length) await lake.delete(keys);
}
