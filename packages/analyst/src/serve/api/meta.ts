/**
 * GET /api/meta: what the web app needs before it asks for a view: the sites that have tables and
 * the days each has data for (the first and last day a session started; the date presets count
 * back from the last), the tables present, the attribution models, whether the live view is
 * available (COLLECTOR_URL set), the segment download formats and the limits in force.
 */
import { ATTRIBUTION_MODELS } from '../../report/attribution';
import type { Reader } from '../reader';
import type { TableSet } from '../tables';
import { untilRebuilt } from './endpoint';
import { MAX_STEPS } from './funnel';
import { SEGMENT_DOWNLOADS } from './segment-downloads';

export interface MetaOptions {
  live: boolean;
  limits: Record<string, number>;
}

export async function meta(reader: Reader, tables: TableSet, o: MetaOptions) {
  // every page opens with /api/meta: the days are read once per build, not per request
  const days = tables.names.has('sessions')
    ? await untilRebuilt(tables, 'meta days', () => reader.rows<{ site: string; first_day: string; last_day: string }>(`
        SELECT site_id AS site, strftime(min(started_at), '%Y-%m-%d') AS first_day, strftime(max(started_at), '%Y-%m-%d') AS last_day
        FROM sessions GROUP BY site_id`))
    : [];
  const bySite = new Map(days.map((d) => [d.site, d]));
  return {
    sites: tables.sites.map((site) => ({ site, first_day: bySite.get(site)?.first_day ?? null, last_day: bySite.get(site)?.last_day ?? null })),
    tables: [...tables.names].sort(),
    models: ATTRIBUTION_MODELS,
    live: o.live,
    downloads: SEGMENT_DOWNLOADS.map((d) => ({ format: d.format, label: d.label })),
    limits: { ...o.limits, funnel_steps: MAX_STEPS },
  };
}
