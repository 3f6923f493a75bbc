/**
 * `actionlake models`: the derived tables of contract §7 (identity_map, sessions, conversions,
 * attribution, profiles, channel_daily, products) from tables/events, with the SQL project of the
 * context (packages/analyst/sql: every model in its order, each materialized as its config says;
 * those materialized as 'table' are written to the lake). Inputs besides the events:
 * conversion_actions and model_settings from each site's config/ (./config.ts).
 *
 * Each site is planned first (./state.ts): nothing new → nothing is read or written; new days with
 * the same rules → incremental (./incremental.ts: only the persons the new rows touch are
 * recomputed, from their whole history); else a full rebuild. Either way the tables equal a full
 * rebuild's. When one site needs a full rebuild, every site built in this run gets one.
 */
import { counted } from '../ground/output/table';
import type { Context } from '../ground/context';
import { ident, lit } from '../ground/duck/duck';
import { loadModelConfig, type SiteModelConfig } from './config';
import { createEventsView } from './events';
import { digestOf, writeDigest } from './digest';
import { AFFECTED, ALL_EVENTS, checkWholeModels, findAffected, freshOf, keptModels, mergeKept, narrowEvents, pointKept, dropMerged } from './incremental';
import { restrictToChangedDays, statePlace, writeAllDays, writeChangedDays, type Diff } from './partitions';
import { planSite, writeModelsManifest, type SitePlan } from './state';
import { removeUnkeptState, writeState, writeTable } from './write';

export interface ModelsSummary {
  /** one line for the summary, e.g. "models: 8 tables for 1 site: identity_map 4, conversions 1, … rows" */
  summary: string;
  /** rows written per table, all sites together */
  rows: Record<string, number>;
  /** what was done: nothing new, an incremental build, a full one */
  mode: 'none' | 'incremental' | 'full';
}

/** conversion_actions(site_id, action) and model_settings(site_id, lookback_days, currency). */
async function loadConfig(ctx: Context, configs: SiteModelConfig[]): Promise<number> {
  const actions = configs.flatMap((c) => c.conversions.map((a) => `(${lit(c.site)}, ${lit(a)})`));
  const settings = configs.map((c) => `(${lit(c.site)}, ${c.lookbackDays}, ${c.currency === null ? 'NULL' : lit(c.currency)})`);
  await ctx.duck.run('CREATE OR REPLACE TABLE conversion_actions (site_id VARCHAR, action VARCHAR)');
  await ctx.duck.run('CREATE OR REPLACE TABLE model_settings (site_id VARCHAR, lookback_days INTEGER, currency VARCHAR)');
  if (actions.length) await ctx.duck.run(`INSERT INTO conversion_actions VALUES ${actions.join(', ')}`);
  if (settings.length) await ctx.duck.run(`INSERT INTO model_settings VALUES ${settings.join(', ')}`);
  return actions.length;
}

export interface ModelsOptions {
  /**
   * Models already in this DuckDB, built from the same events for every site it lists: used as
   * they are (written when they are tables). `build` passes identity_map, which compact has just
   * built to stamp the events' person_id: the identity map is computed once per build.
   */
  built?: string[];
  /** rebuild every model of every site from all the events (--full, erasure, retention) */
  full?: boolean;
}

/** The reporting currency changed under an incremental build: every revenue column changes. */
class CurrencyChanged extends Error {}

export async function runModels(ctx: Context, options: ModelsOptions = {}): Promise<ModelsSummary> {
  await ctx.sql.loadMacros(ctx.duck);
  const configs = await Promise.all(ctx.sites.map((s) => loadModelConfig(ctx.lake, s)));
  const plans = await Promise.all(configs.map((c) => planSite(ctx.lake, ctx.sql, c, options.full ?? false)));
  const work = plans.filter((p) => p.kind !== 'none');
  if (!work.length) return { summary: `models: nothing new for ${counted(ctx.sites.length, 'site')}, no table rewritten`, rows: {}, mode: 'none' };
  const sites = work.map((p) => p.site);
  if (!(await createEventsView(ctx, sites, ALL_EVENTS))) return { summary: 'models: no tables/events yet (run actionlake compact first)', rows: {}, mode: 'none' };
  const conversionActions = await loadConfig(ctx, configs.filter((c) => sites.includes(c.site)));
  const full = work.some((p) => p.kind === 'full');
  let built: Built;
  try {
    built = await buildSites(ctx, work, full, options.built ?? []);
  } catch (err) {
    if (!(err instanceof CurrencyChanged)) throw err;
    ctx.progress.warn(`models: ${err.message}: rebuilding every row`);
    built = await buildSites(ctx, work, true, []);
  }
  const { rows, affected, files } = built;
  const parts = Object.entries(rows).map(([t, n]) => `${t} ${n}`);
  const note = conversionActions ? '' : ' (no conversions defined: add config/site_id=<site>/model.json or "conversion": true to an action)';
  const how = full ? `full rebuild (${[...new Set(work.filter((p) => p.kind === 'full').map((p) => (p as { reason: string }).reason))].join('; ')})` : `incremental (${affected})`;
  return {
    summary: `models: ${Object.keys(rows).length} tables for ${counted(sites.length, 'site')}, ${how}: ${parts.join(', ')} rows, ${counted(files, 'file')} written or removed${note}`,
    rows,
    mode: full ? 'full' : 'incremental',
  };
}

interface Built {
  /** rows written per table */
  rows: Record<string, number>;
  /** "N persons of <site> (k new days)", for an incremental build */
  affected: string;
  /** table files put or deleted (a table not partitioned by day: 1) */
  files: number;
}

/** Builds the models of the sites planned, fully or for the affected persons, and writes them. */
async function buildSites(ctx: Context, plans: SitePlan[], full: boolean, built: string[]): Promise<Built> {
  const { duck, sql } = ctx;
  const sites = plans.map((p) => p.site);
  const have = built.includes('identity_map')
    ? new Set((await duck.all<{ s: string }>(`SELECT DISTINCT site_id AS s FROM identity_map`).catch(() => [])).map((r) => r.s))
    : new Set<string>();
  const ready = sites.every((s) => have.has(s)) ? built : built.filter((b) => b !== 'identity_map');
  // the events an incremental attempt narrowed (a temp table, which a view of the same name does
  // not replace: DuckDB reads the temp one first) are dropped before a full rebuild reads them
  await duck.run(`DROP TABLE IF EXISTS temp.events; CREATE OR REPLACE VIEW events AS SELECT * FROM ${ALL_EVENTS}`);
  // the identity map is over every event, before the events are narrowed
  if (!ready.includes('identity_map')) await sql.build(duck, sql.model('identity_map'));
  const done = new Set([...ready, 'identity_map']);
  const kept = keptModels(sql.models);
  let affected = '';
  if (!full) {
    checkWholeModels(sql.models, [...done]);
    await duck.run(`DROP TABLE IF EXISTS ${AFFECTED}`);
    const counts: string[] = [];
    for (const p of plans) if (p.kind === 'incremental') counts.push(`${counted(await findAffected(ctx, p.site, p.days), 'person')} of ${p.site} recomputed, ${counted(p.days.length, 'new day')}`);
    affected = counts.join(', ');
    ctx.progress.update(`models: ${affected}`, true);
    await narrowEvents(ctx);
  }
  const merged: string[] = [];
  /** the days computed of each model incremental='day' (null: all) */
  const dayModels = new Map<string, string[] | null>();
  /** the day diffs of per-person models found for a model incremental='day' (reused by their writes), by "<model>/<site>" */
  const diffs = new Map<string, Diff>();
  for (const m of sql.models) {
    if (done.has(m.name)) continue;
    ctx.progress.update(`models: ${m.name}`, true);
    if (!full) await pointKept(ctx, merged, m);
    if (!full && m.perDay) dayModels.set(m.name, await restrictToChangedDays(ctx, m, sql.models, merged, sites, diffs));
    await sql.build(duck, m);
    if (!full && kept.includes(m)) (await mergeKept(ctx, m, sites), merged.push(m.name));
    if (m.name === 'reporting_currency') {
      try {
        await checkCurrency(ctx, plans, full);
      } catch (err) {
        await dropMerged(ctx, merged); // the full rebuild that follows makes them tables again
        throw err;
      }
    }
  }
  await pointKept(ctx, merged, null);
  const rows: Record<string, number> = {};
  let files = 0;
  for (const p of plans) {
    const next = p.kind === 'none' ? null : { ...p.next, complete: false };
    if (!next) continue;
    await writeModelsManifest(ctx.lake, p.site, next);
    for (const m of sql.models) {
      if (m.materialized === 'table') {
        ctx.progress.update(`models: writing ${m.name} of ${p.site}`);
        const w = !m.partitionBy ? { rows: await writeTable(ctx, m.name, m.orderBy, p.site), files: 1 }
          : full ? await writeAllDays(ctx, m, p.site)
          : m.perPerson ? await writeChangedDays(ctx, m, p.site, freshOf(m.name), AFFECTED, null, undefined, diffs.get(`${m.name}/${p.site}`))
          : await writeChangedDays(ctx, m, p.site, ident(m.name), null, dayModels.get(m.name) ?? null);
        rows[m.name] = (rows[m.name] ?? 0) + w.rows;
        files += w.files;
      } else if (kept.includes(m)) {
        ctx.progress.update(`models: writing the step ${m.name} of ${p.site}`);
        if (!m.partitionBy) await writeState(ctx, m.name, p.site);
        else if (full) await writeAllDays(ctx, m, p.site, statePlace(m.name, p.site));
        else await writeChangedDays(ctx, m, p.site, freshOf(m.name), AFFECTED, null, statePlace(m.name, p.site), diffs.get(`${m.name}/${p.site}`));
      }
      // after the model's files, whose changed days were found from the last build's digest
      if (kept.includes(m) && m.partitionBy) await writeDigest(ctx, m, p.site, full ? { whole: ident(m.name) } : { whole: ident(m.name), fresh: freshOf(m.name), affected: AFFECTED });
    }
    const state = kept.flatMap((m) => [...(m.materialized !== 'table' ? [m.name] : []), ...(m.partitionBy ? [digestOf(m.name)] : [])]);
    if (full) files += await removeUnkeptState(ctx, p.site, state);
    const [{ c }] = await duck.all<{ c: string }>(`SELECT any_value(currency) AS c FROM reporting_currency WHERE site_id = ${lit(p.site)}`);
    await writeModelsManifest(ctx.lake, p.site, { ...next, complete: true, currency: c });
  }
  return { rows, affected, files };
}

/** An incremental build keeps revenue computed in the last build's reporting currency: stop if it changed. */
async function checkCurrency(ctx: Context, plans: SitePlan[], full: boolean): Promise<void> {
  if (full) return;
  for (const p of plans) {
    if (p.kind !== 'incremental') continue;
    const [{ c }] = await ctx.duck.all<{ c: string }>(`SELECT any_value(currency) AS c FROM reporting_currency WHERE site_id = ${lit(p.site)}`);
    if (c !== p.old.currency) throw new CurrencyChanged(`the reporting currency of ${p.site} is now ${c} (was ${p.old.currency})`);
  }
}
