/**
 * The identity map kept between builds (`tables/_manifest/site_id=<s>/identity_map/<token>.parquet`,
 * lake-layout's keptMapKey), so that a build recomputes the map of the ids its new rows reach only,
 * not of every id of every day (the bench lake's new day reaches 4,142 of 59 days' 113,763 links).
 *
 * Why that gives the full rebuild's map: identity_map.sql gives an id its row from the rows that
 * hold it and, through them, the ids they hold (the user it was seen with last, that user's chain
 * of aliases, the device that landed with a click id, the person key its person is named after):
 * what decides an id's row lies in its connected part of the graph "ids held by one row". New rows
 * only join parts; rows gone (a day built again) may split one. So the ids reached, over the kept
 * days' links, from the ids of the staged rows and of the old links of the days built again are
 * exactly the ids whose rows can change; the map of those is identity_map.sql over the links that
 * hold them and the staged rows, and every other id keeps its kept row.
 *
 * The kept map is used only when it is the map of the table as it is: its token is a hash of the
 * rules (compact's manifest) and of every day's built_at, so a day written, re-stamped or removed
 * since (retention) makes it another table's; and only when every day of the table has valid
 * links (erase drops the links of the days it rewrites) and no kept day holds a later copy of a
 * new event. Otherwise the whole map is built as before, and kept again once every day is written.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { keptMapKey, keptMapPrefix, parseTableKey, tablePrefix } from '@actionlake/schema/node';
import { lit, type Duck } from '../ground/duck/duck';
import type { Context } from '../ground/context';
import { envNumber } from '../ground/env';
import type { Lake } from '../ground/lake/lake';
import { localFileIfAny } from '../ground/lake/local-copy';
import { linkIdRows, readLinks } from './links';
import { IDENTITY_MAP } from './persons';

/** the most steps of the reach (reachedLinks) before the whole map is built instead (ACTIONLAKE_REACH_STEPS) */
export const DEFAULT_REACH_STEPS = 32;

/**
 * The token of the map of a table built by `rules` that has files of `days`, each built at
 * `builtAt(dt)` (compact's manifest); null when a day has no built_at.
 */
export function mapToken(rules: string, days: string[], builtAt: (dt: string) => string | undefined): string | null {
  const h = crypto.createHash('sha256').update(rules);
  for (const dt of [...days].sort()) {
    const at = builtAt(dt);
    if (!at) return null;
    h.update(`\n${dt}=${at}`);
  }
  return h.digest('hex').slice(0, 24);
}

/** What compactSite knows of the table when it builds the map (days as dt, links as dt → key). */
export interface TableState {
  rules: string;
  /** the days the table has files of, and when compact built each (its manifest) */
  days: string[];
  builtAt: (dt: string) => string | undefined;
  /** every day's valid links, and those of the days kept (not built again) */
  allLinks: Map<string, string>;
  keptLinks: Map<string, string>;
  toBuild: Set<string>;
  /** kept days built again for a later copy of a new event */
  extra: Set<string>;
}

/**
 * The kept map to start from (a local file) and the kept links the staged rows (`staged`, table
 * IDS of stage.ts) reach, or null when the whole map is to be built (see the file's comment).
 */
export async function reachFromKept(ctx: Context, site: string, staged: string, t: TableState): Promise<{ mapFile: string; rows: string; sets: string } | null> {
  const token = mapToken(t.rules, t.days, t.builtAt);
  if (!token || t.allLinks.size !== t.days.length || !t.keptLinks.size || t.extra.size) return null;
  const mapFile = await localFileIfAny(ctx.lake, keptMapKey(site, token), ctx.work);
  if (!mapFile) return null;
  // the rows gone: the old links of the days built again
  const gone = [...t.allLinks].filter(([dt]) => t.toBuild.has(dt)).map(([, key]) => key);
  const seeds = [`SELECT * FROM ${staged}`, ...(gone.length ? [await readLinks(ctx.lake, site, gone, ctx.work)] : [])];
  const steps = envNumber(ctx.env, 'ACTIONLAKE_REACH_STEPS', DEFAULT_REACH_STEPS, 0);
  const reached = await reachedLinks(ctx.duck, await readLinks(ctx.lake, site, [...t.keptLinks.values()], ctx.work), seeds, steps);
  return reached && { mapFile, ...reached };
}

/** the kept links, one row each (its rowid: `k` below) */
const LINKS = 'compact_links';
/** (k, id): every id a kept link holds */
const LINK_IDS = 'compact_link_ids';
/** the ids the new rows reach */
const REACHED = 'compact_reached_ids';
/** the numbers of the kept links that hold a reached id */
const HIT = 'compact_hit_links';

/**
 * The ids a row holds, as one list of text (a value that is two kinds of id, or a click id's value
 * in two rows of other click ids, joins more rows, never fewer): anonymous_id, user_id,
 * email_sha256, an alias's previous id, and every value of click_ids (two rows with the same click
 * id as identity_map names it, al_click_key, hold its value: the macro itself, per link, cost
 * 0.07 s CPU of the bench lake's 0.25 for this list).
 */
const idList = `list_concat([anonymous_id, user_id, email_sha256,
  CASE WHEN action_type = 'alias' THEN json_extract_string(attributes, '$.previous_id') END],
  CASE WHEN click_ids IS NOT NULL THEN json_extract_string(click_ids, '$.*') END)`;

/**
 * Finds the kept links (`keptLinks`: links.ts's readLinks) that hold an id the rows of `seeds`
 * (SELECTs with the id columns) reach; gives them as linkIdRows does, or null when the reach has
 * not ended after `steps` steps (ACTIONLAKE_REACH_STEPS).
 */
async function reachedLinks(duck: Duck, keptLinks: string, seeds: string[], steps: number): Promise<{ rows: string; sets: string } | null> {
  await duck.run(`CREATE OR REPLACE TEMP TABLE ${LINKS} AS SELECT * FROM ${keptLinks}`);
  await duck.run(`CREATE OR REPLACE TEMP TABLE ${LINK_IDS} AS SELECT k, id FROM (SELECT rowid AS k, unnest(${idList}) AS id FROM ${LINKS}) WHERE id IS NOT NULL`);
  await duck.run(`CREATE OR REPLACE TEMP TABLE ${REACHED} AS SELECT DISTINCT id FROM (
    ${seeds.map((s) => `SELECT unnest(${idList}) AS id FROM (${s})`).join(' UNION ALL ')}) WHERE id IS NOT NULL`);
  // a step adds the ids of every link holding a reached id: a few steps (the bench lake: 2); ids
  // that chain further than `steps` are left to the whole map
  for (let step = 0; ; step++) {
    if (step === steps) return null;
    await duck.run(`CREATE OR REPLACE TEMP TABLE ${HIT} AS SELECT DISTINCT k FROM ${LINK_IDS} SEMI JOIN ${REACHED} USING (id)`);
    const more = await duck.all(`INSERT INTO ${REACHED} SELECT DISTINCT id FROM ${LINK_IDS} SEMI JOIN ${HIT} USING (k) ANTI JOIN ${REACHED} USING (id) RETURNING 1`);
    if (!more.length) break;
  }
  // the click ids as identity_map names them (its rows' ids), of the rows whose ids were reached
  await duck.run(`INSERT INTO ${REACHED} SELECT DISTINCT al_click_key(click_ids) FROM (
    SELECT click_ids FROM ${LINKS} WHERE rowid IN (SELECT k FROM ${HIT})
    ${seeds.map((s) => `UNION ALL SELECT click_ids FROM (${s})`).join(' ')}) WHERE click_ids IS NOT NULL`);
  return linkIdRows(`(SELECT * FROM ${LINKS} WHERE rowid IN (SELECT k FROM ${HIT}))`);
}

/** Adds to identity_map the kept map's rows (`file`) of every id not reached (reachedLinks). */
export async function addUnreached(duck: Duck, site: string, file: string): Promise<void> {
  await duck.run(`INSERT INTO ${IDENTITY_MAP} BY NAME
    SELECT * REPLACE (${lit(site)} AS site_id) FROM read_parquet(${lit(file)}) ANTI JOIN ${REACHED} USING (id)`);
}

export async function dropReached(duck: Duck): Promise<void> {
  for (const t of [LINKS, LINK_IDS, REACHED, HIT]) await duck.run(`DROP TABLE IF EXISTS ${t}`);
}

/**
 * Keeps the site's rows of identity_map as the map of the table as written (its days listed
 * again: a day all of whose rows erase removed has no files, though the manifest lists some), in
 * place of any other kept map.
 */
export async function keepMap(duck: Duck, lake: Lake, site: string, rules: string, builtAt: (dt: string) => string | undefined, work: string): Promise<void> {
  const days = new Set((await lake.list(tablePrefix('events', site))).map((o) => parseTableKey(o.key)?.dt).filter((d): d is string => !!d));
  const token = mapToken(rules, [...days], builtAt);
  const old = (await lake.list(keptMapPrefix(site))).map((o) => o.key).filter((k) => !token || k !== keptMapKey(site, token));
  if (token) {
    const out = path.join(work, `identity-map-${token}.parquet`);
    await duck.run(`COPY (SELECT * FROM ${IDENTITY_MAP} WHERE site_id = ${lit(site)}) TO ${lit(out)} (FORMAT parquet, COMPRESSION zstd)`);
    try {
      await lake.put(keptMapKey(site, token), out);
    } finally {
      await fs.promises.rm(out, { force: true });
    }
  }
  if (old.length) await lake.delete(old);
}

/**
 * Removes the site's kept map: erase rewrote tables/events files (the map may hold the erased
 * person's ids, of a day compact did not build again) or retention removed days (their ids). The
 * next build then builds the whole map, and keeps it again.
 */
export async function dropKeptMap(lake: Lake, site: string): Promise<void> {
  const keys = (await lake.list(keptMapPrefix(site))).map((o) => o.key);
  if (keys.length) await lake.delete(keys);
}
