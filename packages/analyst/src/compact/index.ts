/**
 * `actionlake compact`: raw events/ objects → tables/events/site_id=<s>/dt=<d>/part-*.parquet, per site:
 *
 *  1. list the raw objects, by day (within --from/--to); a day is to build when its objects differ
 *     from the manifest's, or the rules changed;
 *  2. stage those days' narrow rows in DuckDB (the id columns and the channel's arguments, typed;
 *     bad objects salvaged and reported), one day per core at a time (per-core.ts);
 *  3. the identity map (persons.ts) over the table as it will be: its other days (their identity
 *     links, links.ts, where valid; else their Parquet) + the staged days, each event once; days
 *     that hold a repeat of an event first seen on an earlier day are built too; then each staged
 *     row's stamps: kept or not, person_id, channel (stamps.ts);
 *  4. write each day (write.ts: its raw rows read again in full, beside their stamps), one per
 *     core at a time, and record it in the manifest;
 *  5. days whose only change is that some rows now belong to another person are re-stamped from
 *     their own Parquet (restamp.ts), not read again from their raw objects;
 *  6. the identity links of the days written or re-stamped (and of kept days that had none).
 *
 * Re-running with nothing new reads the listing and the manifest and writes nothing. The identity
 * map is left in DuckDB (table identity_map) for the models of the same run (`build`).
 */
import { parseRawKey, parseTableKey, rawPrefix, tablePrefix } from '@actionlake/schema/node';
import { counted } from '../ground/output/table';
import type { Context } from '../ground/context';
import type { Duck } from '../ground/duck/duck';
import { parquetSource } from '../ground/duck/views';
import type { LakeObject } from '../ground/lake/lake';
import { localFiles } from '../ground/lake/local-copy';
import { rawColumns, type Column } from './columns';
import { readManifest, sameObjects, writeManifest, type Manifest } from './manifest';
import { buildSiteIdentity, COPIES, daysWithLaterCopies, daysWithNewPersons, findCopies, rulesHash, startRules } from './persons';
import fs from 'node:fs';
import { LocalLake } from '../ground/lake/local';
import { perCore } from './per-core';
import { canRestamp, restampDay } from './restamp';
import { addUnreached, dropReached, keepMap, reachFromKept } from './identity';
import { linkIdRows, readLinks, validLinks, writeLinks } from './links';
import { COMPACT_STAGING, createIds, IDS, idSelect, stageDay, type DayFile } from './stage';
import { CROSS_DAY, dropStamps, findRepeats, stampedDays, stampRows } from './stamps';
import { fileColumns, parquetLimits, writeDay, type ParquetLimits } from './write';

/** the narrow rows staged take about this many times their raw objects' gzip bytes in DuckDB, uncompressed (bench lake: 3.26) */
const STAGED_PER_GZIP_BYTE = 3.3;

const rawBytes = (objs: LakeObject[]) => objs.reduce((sum, o) => sum + o.size, 0);

/** DuckDB's memory limit in bytes */
async function memoryLimit(duck: Duck): Promise<number> {
  const [{ m }] = await duck.all<{ m: string }>(`SELECT current_setting('memory_limit') AS m`);
  const [, n, unit] = /^([\d.]+)\s*(\w*)/.exec(m) ?? [];
  const scale: Record<string, number> = { bytes: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };
  return Number(n) * (scale[unit] ?? 2 ** 20) || 512 * 2 ** 20;
}

/** `days` in consecutive groups of at most `bytes` raw bytes (a larger day alone) */
function inChunks(days: string[], bytesOf: (dt: string) => number, bytes: number): string[][] {
  const chunks: string[][] = [];
  let size = Infinity;
  for (const dt of days) {
    if (size + bytesOf(dt) > bytes) (chunks.push([]), (size = 0));
    chunks[chunks.length - 1].push(dt);
    size += bytesOf(dt);
  }
  return chunks;
}

/** how often (at most) the manifest is saved while days are being written */
const MANIFEST_SAVE_MS = 5_000;

export interface CompactResult {
  exitCode: number;
  days: number;
  rows: number;
  problems: string[];
}

/** The objects by day, of those `dayOf` gives a day (a raw object, a file of tables/events). */
function byDay(objects: LakeObject[], dayOf: (key: string) => string | null | undefined): Map<string, LakeObject[]> {
  const days = new Map<string, LakeObject[]>();
  for (const o of objects) {
    const dt = dayOf(o.key);
    if (!dt) continue;
    const list = days.get(dt) ?? [];
    list.push(o);
    days.set(dt, list);
  }
  return days;
}

interface SiteTotals {
  rawObjects: number;
  rawBytes: number;
  days: number;
  unchanged: number;
  /** of the days written, those re-stamped from their Parquet */
  restamped: number;
  rows: number;
  problems: string[];
}

export async function compact(ctx: Context): Promise<CompactResult> {
  const started = Date.now();
  const cols = rawColumns();
  const limits = parquetLimits(ctx.env);
  await startRules(ctx.sql, ctx.duck);
  const totals: SiteTotals = { rawObjects: 0, rawBytes: 0, days: 0, unchanged: 0, restamped: 0, rows: 0, problems: [] };
  for (const site of ctx.sites) await compactSite(ctx, site, cols, limits, totals);
  const secs = (Date.now() - started) / 1000;
  const problems = totals.problems.length ? `; ${counted(totals.problems.length, 'object')} with problems (see above)` : '';
  ctx.print(
    `compact: ${counted(ctx.sites.length, 'site')}, ${totals.rawObjects} raw objects ` +
      `(${(totals.rawBytes / 1e6).toFixed(1)} MB): ${counted(totals.days, 'day')} written ` +
      `(${totals.rows} events${totals.restamped ? `; ${counted(totals.restamped, 'day')} re-stamped from Parquet` : ''}), ${totals.unchanged} unchanged, in ${secs.toFixed(1)} s${problems}`,
  );
  return { exitCode: totals.problems.length ? 3 : 0, days: totals.days, rows: totals.rows, problems: totals.problems };
}

async function compactSite(ctx: Context, site: string, cols: Column[], limits: ParquetLimits, totals: SiteTotals): Promise<void> {
  const { duck, lake } = ctx;
  const inScope = (dt: string) => (!ctx.from || dt >= ctx.from) && (!ctx.to || dt <= ctx.to);
  const raw = byDay(await lake.list(rawPrefix('events', site)), (k) => parseRawKey(k)?.dt);
  for (const dt of [...raw.keys()]) if (!inScope(dt)) raw.delete(dt);
  for (const objs of raw.values()) for (const o of objs) (totals.rawObjects++, (totals.rawBytes += o.size));

  const rules = rulesHash(ctx.sql, cols);
  const old = await readManifest(lake, site);
  const manifest: Manifest = { version: 1, rules, days: old?.rules === rules ? { ...old.days } : {} };
  if (old && old.rules !== rules) for (const [dt, e] of Object.entries(old.days)) manifest.days[dt] = { ...e, objects: {} };
  const toBuild = new Set([...raw.keys()].filter((dt) => !sameObjects(manifest.days[dt], raw.get(dt)!)));

  const tableDays = byDay(await lake.list(tablePrefix('events', site)), (k) => parseTableKey(k)?.dt);
  const idCols = COMPACT_STAGING.ids.map((c) => `"${c}"`).join(', ');
  const idExprs = idSelect(COMPACT_STAGING.ids);
  if (!toBuild.size) {
    // nothing to write; the models build the identity map of such a site when they need it
    totals.unchanged += raw.size;
    return;
  }

  await createIds(duck, cols, COMPACT_STAGING);
  const problems = new Map<string, string[]>();
  const dayFiles = new Map<string, DayFile[]>();
  // days staged one per core at a time (per-core.ts); stageDay's rows are in `ids` in any order
  const stage = async (days: string[]) => {
    let n = 0;
    await perCore(duck, days, async (conn, dt) => {
      ctx.progress.update(`compact ${site}: reading day ${dt} (${++n}/${days.length})`);
      const r = await stageDay(conn, lake, dt, raw.get(dt)!, ctx.work, COMPACT_STAGING);
      for (const p of r.problems) ctx.progress.warn(p);
      problems.set(dt, r.problems);
      dayFiles.set(dt, r.files);
      totals.problems.push(...r.problems);
    });
  };
  // `ids` compressed (a checkpoint) once the days staged since the last one take about half of
  // DuckDB's memory, not after each day's insert: DuckDB's own checkpoints (one every few days)
  // cost ≈ 7 µs CPU/row, one at the end ≈ 3. The narrow rows of 1M events take 333 MB uncompressed
  // (peak RSS 795 – 881 MB when all were held so), 50 MB compressed. The last days staged are not
  // compressed (they stay within that half until `ids` is dropped before the writes, and are read
  // five times meanwhile): 300k-event lake, 3 runs alternated, 15.7 – 18.3 s CPU against 16.7 –
  // 18.1 with the checkpoint, peak RSS 500 – 543 against 410 MB.
  await duck.run(`SET checkpoint_threshold = '1TB'`);
  const chunkBytes = (await memoryLimit(duck)) / 2 / STAGED_PER_GZIP_BYTE;
  const chunks = inChunks([...toBuild].sort(), (dt) => rawBytes(raw.get(dt)!), chunkBytes);
  for (const [i, days] of chunks.entries()) {
    await stage(days);
    if (i === chunks.length - 1) break;
    ctx.progress.update(`compact ${site}: compressing the staged rows`);
    await duck.run('CHECKPOINT');
  }

  // the days not rebuilt, from Parquet (their files, local)
  const keptKeys = [...tableDays.entries()].filter(([dt]) => !toBuild.has(dt)).flatMap(([, objs]) => objs.map((o) => o.key));
  const keptFiles = await localFiles(lake, keptKeys, ctx.work);
  const localOf = new Map(keptKeys.map((k, i) => [k, keptFiles[i]]));
  const staged = `SELECT ${idCols}, dt FROM ${IDS}`;
  ctx.progress.update(`compact ${site}: identity map`, true);
  await findCopies(duck, IDS, keptFiles);
  await duck.run(`CREATE OR REPLACE TABLE ${CROSS_DAY} AS SELECT event_id, first_dt FROM ${COPIES} WHERE days > 1`);
  // days of the table that hold a later copy of an event first seen on a day being built: built too
  const extra = new Set(await daysWithLaterCopies(duck));
  // the identity map reads the other days from their links where valid (links.ts), else from their Parquet
  const keptDays = [...tableDays.keys()].filter((dt) => !toBuild.has(dt));
  const allLinks = await validLinks(lake, site, new Map([...tableDays.keys()].flatMap((dt): [string, string][] => (manifest.days[dt]?.built_at ? [[dt, manifest.days[dt].built_at]] : []))));
  const links = new Map([...allLinks].filter(([dt]) => !toBuild.has(dt) && !extra.has(dt)));
  const unlinked = keptDays.filter((dt) => !links.has(dt)).sort();
  const parquetOf = (dt: string) => tableDays.get(dt)!.map((o) => o.key).sort().map((k) => localOf.get(k)!);
  // from the kept map (identity.ts) when it is the table's, else the whole map
  const kept = await reachFromKept(ctx, site, IDS, {
    rules, days: [...tableDays.keys()], builtAt: (dt) => manifest.days[dt]?.built_at, allLinks, keptLinks: links, toBuild, extra,
  });
  let fromParquet: string | null = null;
  let linkSets: string | null = null;
  if (kept) {
    await buildSiteIdentity(ctx.sql, duck, `(${staged})`, true, kept.rows);
    await addUnreached(duck, site, kept.mapFile);
    linkSets = kept.sets;
  } else {
    fromParquet = unlinked.length ? parquetSource(unlinked.flatMap(parquetOf)) : null;
    const fromLinks = links.size ? linkIdRows(await readLinks(lake, site, [...links.values()], ctx.work)) : null;
    const idRows = `(${fromParquet ? `SELECT ${idExprs}, CAST(dt AS VARCHAR) AS dt FROM ${fromParquet} UNION ALL ` : ''}${staged})`;
    await buildSiteIdentity(ctx.sql, duck, idRows, true, fromLinks?.rows ?? null);
    linkSets = fromLinks?.sets ?? null;
  }
  await duck.run(`DROP TABLE ${COPIES}`);
  // days of the table whose rows only change person: re-stamped (restamp.ts) unless read again
  const restamp = new Set<string>();
  const fileCols = [...fileColumns(cols), 'person_id', 'channel'];
  if (keptFiles.length) {
    const stamped = [fromParquet, linkSets].filter((x): x is string => x !== null)
      .map((x) => `SELECT site_id, user_id, email_sha256, anonymous_id, click_ids, CAST(dt AS VARCHAR) AS dt, person_id FROM ${x}`);
    for (const dt of await daysWithNewPersons(duck, `(${stamped.join(' UNION ALL ')})`)) {
      if (extra.has(dt) || !raw.has(dt) || toBuild.has(dt)) continue;
      if (await canRestamp(duck, parquetOf(dt), fileCols)) restamp.add(dt);
      else extra.add(dt);
    }
    const more = [...extra].filter((dt) => raw.has(dt) && !toBuild.has(dt)).sort();
    for (const dt of more) toBuild.add(dt);
    await stage(more);
    if (more.length) await duck.run('CHECKPOINT');
  }
  // the kept links read for the map (identity.ts) are not needed again: their memory for the writes
  await dropReached(duck);
  await duck.run(`RESET checkpoint_threshold`);

  ctx.progress.update(`compact ${site}: later copies of an event`);
  await findRepeats(duck);
  ctx.progress.update(`compact ${site}: persons and channels of the rows`, true);
  await stampRows(duck);
  const rowsOf = await stampedDays(duck);
  // what the writes need is in STAMPS: free the staged rows for the sort of each day
  await duck.run(`DROP TABLE IF EXISTS ${IDS}`);
  totals.unchanged += raw.size - toBuild.size - restamp.size;
  let lastSave = Date.now();
  let n = 0;
  let unwritten = false;
  // days written one per core at a time (per-core.ts)
  await perCore(duck, [...toBuild].sort(), async (conn, dt) => {
    ctx.progress.update(`compact ${site}: writing day ${dt} (${++n}/${toBuild.size}), ${totals.rows} events so far`);
    let w;
    try {
      w = await writeDay(conn, lake, cols, site, dt, dayFiles.get(dt)!, ctx.work, limits, rowsOf.get(dt) ?? { raw: 0, kept: 0 });
    } catch (err) {
      const problem = `day ${dt} of ${site} not written: ${(err as Error).message.split('\n')[0]}`;
      ctx.progress.warn(problem);
      totals.problems.push(problem);
      unwritten = true;
      return;
    } finally {
      if (!(lake instanceof LocalLake)) for (const f of dayFiles.get(dt)!) await fs.promises.rm(f.file, { force: true });
    }
    const objs = raw.get(dt)!;
    manifest.days[dt] = {
      objects: Object.fromEntries(objs.map((o) => [o.key, { size: o.size, etag: o.etag }])),
      files: w.files,
      rows: w.rows,
      built_at: new Date().toISOString(),
      ...(problems.get(dt)?.length ? { problems: problems.get(dt) } : {}),
    };
    totals.days++;
    totals.rows += w.rows;
    if (Date.now() - lastSave > MANIFEST_SAVE_MS) {
      lastSave = Date.now();
      await writeManifest(lake, site, manifest);
    }
  });
  n = 0;
  for (const dt of [...restamp].sort()) {
    ctx.progress.update(`compact ${site}: re-stamping day ${dt} (${++n}/${restamp.size})`);
    let w;
    try {
      w = await restampDay(duck, lake, site, dt, parquetOf(dt), fileCols, ctx.work, limits);
    } catch (err) {
      const problem = `day ${dt} of ${site} not re-stamped: ${(err as Error).message.split('\n')[0]}`;
      ctx.progress.warn(problem);
      totals.problems.push(problem);
      unwritten = true;
      continue;
    }
    manifest.days[dt] = { ...manifest.days[dt], files: w.files, rows: w.rows, built_at: new Date().toISOString() };
    totals.days++;
    totals.restamped++;
    totals.rows += w.rows;
  }
  // links of the days written or re-stamped, and of those read from their Parquet for want of them
  const relink = [...new Set([...toBuild, ...restamp, ...unlinked])].filter((dt) => manifest.days[dt]?.files).sort();
  ctx.progress.update(`compact ${site}: identity links of ${counted(relink.length, 'day')}`);
  // (a kept day read from its Parquet, not rewritten since, from the copies already here)
  const unchanged = new Set(unlinked.filter((dt) => !toBuild.has(dt) && !restamp.has(dt)));
  await writeLinks(duck, lake, site, relink.map((dt) => ({
    dt, keys: manifest.days[dt].files, builtAt: manifest.days[dt].built_at, local: unchanged.has(dt) ? parquetOf(dt) : undefined,
  })), ctx.work);
  await writeManifest(lake, site, manifest);
  await dropStamps(duck);
  // the map kept for the table as written; not when a day could not be written (the table is not
  // the one the map was built for: the next build then builds the whole map)
  if (!unwritten) await keepMap(duck, lake, site, rules, (dt) => manifest.days[dt]?.built_at, ctx.work);
}
