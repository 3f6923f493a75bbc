/**
 * What the derived tables of a site were last built from: `tables/_manifest/site_id=<s>/models.json`.
 * It records the rules (every SQL file, the site's model.json and actions' conversions, compact's
 * own rules) and, for each day of tables/events, a fingerprint of the raw objects compact built it
 * from. The next build compares: same rules and same days → nothing to do (no file touched); same
 * rules and new or changed days → incremental (./incremental.ts); anything else → a full rebuild.
 * `complete: false` is written before the first table of a build and `true` after the last, so a
 * build that stopped half way is followed by a full one.
 */
import crypto from 'node:crypto';
import { text } from 'node:stream/consumers';
import { manifestKey } from '@actionlake/schema/node';
import type { Lake } from '../ground/lake/lake';
import type { SqlProject } from '../ground/sql/project';
import { readManifest } from '../compact/manifest';
import type { SiteModelConfig } from './config';

/** bump when the way models are built or kept changes: every site is rebuilt once */
const MODELS_VERSION = '2';
const MANIFEST_TABLE = 'models';

export interface ModelsManifest {
  version: 1;
  rules: string;
  complete: boolean;
  /** dt → fingerprint of the raw objects of that day of tables/events */
  days: Record<string, string>;
  /** the reporting currency the revenue columns were built in (a change rebuilds every row) */
  currency?: string;
}

/** What a build of one site has to do. */
export type SitePlan =
  | { kind: 'none'; site: string }
  | { kind: 'full'; site: string; reason: string; next: ModelsManifest }
  | { kind: 'incremental'; site: string; days: string[]; old: ModelsManifest; next: ModelsManifest };

async function readModelsManifest(lake: Lake, site: string): Promise<ModelsManifest | null> {
  const body = await lake.get(manifestKey(site, MANIFEST_TABLE));
  if (!body) return null;
  try {
    const m = JSON.parse(await text(body)) as ModelsManifest;
    return m && m.version === 1 && m.days ? m : null;
  } catch {
    return null;
  }
}

export async function writeModelsManifest(lake: Lake, site: string, m: ModelsManifest): Promise<void> {
  await lake.putBytes(manifestKey(site, MANIFEST_TABLE), JSON.stringify(m));
}

/** Plans one site's build; `full` forces a full rebuild (--full, erasure, retention). */
export async function planSite(lake: Lake, sql: SqlProject, config: SiteModelConfig, full: boolean): Promise<SitePlan> {
  const site = config.site;
  const events = await readManifest(lake, site);
  const h = crypto.createHash('sha256').update(MODELS_VERSION).update(sql.hash(sql.models.map((m) => m.name)));
  h.update(JSON.stringify({ conversions: config.conversions, lookback: config.lookbackDays, currency: config.currency }));
  h.update(events?.rules ?? '');
  const days: Record<string, string> = {};
  for (const [dt, e] of Object.entries(events?.days ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const objects = Object.entries(e.objects).sort(([a], [b]) => a.localeCompare(b));
    days[dt] = crypto.createHash('sha256').update(JSON.stringify([objects, e.rows])).digest('hex').slice(0, 16);
  }
  const next: ModelsManifest = { version: 1, rules: h.digest('hex').slice(0, 16), complete: true, days };
  const old = await readModelsManifest(lake, site);
  const why = full ? 'asked for' : !events ? 'no manifest of tables/events' : !old ? 'first build' : !old.complete ? 'the last build stopped half way'
    : old.rules !== next.rules ? 'the SQL, model.json or conversions changed' : Object.keys(old.days).some((dt) => !(dt in days)) ? 'days were removed' : '';
  if (why) return { kind: 'full', site, reason: why, next };
  const changed = Object.keys(days).filter((dt) => old!.days[dt] !== days[dt]);
  if (!changed.length) return { kind: 'none', site };
  return { kind: 'incremental', site, days: changed, old: old!, next: { ...next, currency: old!.currency } };
}
