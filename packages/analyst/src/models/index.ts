/**
 * `actionlake models`: the derived tables of contract §7 (identity_map, sessions, conversions,
 * attribution, profiles, channel_daily, products) from tables/events, with the SQL project of the
 * context (packages/analyst/sql: every model in its order, each materialized as its config says;
 * those materialized as 'table' are written to the lake). Every table is rebuilt whole for each
 * site at hand (--site, or all). Inputs besides the events: conversion_actions and model_settings
 * from each site's config/ (./config.ts).
 */
import { counted } from '../ground/output/table';
import type { Context } from '../ground/context';
import { lit } from '../ground/duck/duck';
import { loadModelConfig } from './config';
import { createEventsView } from './events';
import { writeTable } from './write';

export interface ModelsSummary {
  /** one line for the summary, e.g. "models: 8 tables for 1 site: identity_map 4, conversions 1, … rows" */
  summary: string;
  /** rows written per table, all sites together */
  rows: Record<string, number>;
}

/** conversion_actions(site_id, action) and model_settings(site_id, lookback_days, currency) from config/. */
async function loadConfig(ctx: Context): Promise<number> {
  const configs = await Promise.all(ctx.sites.map((s) => loadModelConfig(ctx.lake, s)));
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
   * Models already in this DuckDB, built from the same events for every site at hand: used as
   * they are (written when they are tables). `build` passes identity_map, which compact has just
   * built to stamp the events' person_id: the identity map is computed once per build.
   */
  built?: string[];
}

export async function runModels(ctx: Context, options: ModelsOptions = {}): Promise<ModelsSummary> {
  await ctx.sql.loadMacros(ctx.duck);
  if (!(await createEventsView(ctx))) return { summary: 'models: no tables/events yet (run actionlake compact first)', rows: {} };
  const conversionActions = await loadConfig(ctx);
  const rows: Record<string, number> = {};
  for (const m of ctx.sql.models) {
    if (!options.built?.includes(m.name)) {
      ctx.progress.update(`models: ${m.name}`, true);
      await ctx.sql.build(ctx.duck, m);
    }
    if (m.materialized !== 'table') continue;
    rows[m.name] = 0;
    for (const site of ctx.sites) {
      ctx.progress.update(`models: writing ${m.name} of ${site}`);
      rows[m.name] += await writeTable(ctx, m.name, m.orderBy, site);
    }
  }
  const parts = Object.entries(rows).map(([t, n]) => `${t} ${n}`);
  const note = conversionActions ? '' : ' (no conversions defined: add config/site_id=<site>/model.json or "conversion": true to an action)';
  return {
    summary: `models: ${Object.keys(rows).length} tables for ${counted(ctx.sites.length, 'site')}: ${parts.join(', ')} rows${note}`,
    rows,
  };
}
