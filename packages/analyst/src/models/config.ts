/**
 * What counts as a conversion, per site (contract §7): `config/site_id=<s>/model.json`
 * ({"conversions": ["Order completed"], "lookback_days": 30, "currency": "EUR"}; all optional) and the action definitions with
 * `"conversion": true` in `config/site_id=<s>/actions.json`. A malformed file is a clear error naming it.
 */
import { configKey } from '@actionlake/schema/node';
import { UserError } from '../ground/errors';
import type { Lake } from '../ground/lake/lake';

export const DEFAULT_LOOKBACK_DAYS = 30;
export const MAX_LOOKBACK_DAYS = 3650;

export interface SiteModelConfig {
  site: string;
  /** action names whose events are conversions, sorted, without repeats */
  conversions: string[];
  lookbackDays: number;
  /** the reporting currency (ISO 4217, upper case): `revenue` columns sum this currency only; null: the site's most used */
  currency: string | null;
}

async function readJson(lake: Lake, key: string): Promise<unknown | undefined> {
  const body = await lake.get(key);
  if (!body) return undefined;
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UserError(`${lake.describe}${lake.describe.endsWith('/') ? '' : '/'}${key} is not valid JSON: ${(err as Error).message}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function loadModelConfig(lake: Lake, site: string): Promise<SiteModelConfig> {
  const where = (key: string) => `${lake.describe}${lake.describe.endsWith('/') ? '' : '/'}${key}`;
  const modelKey = configKey(site, 'model.json');
  const actionsKey = configKey(site, 'actions.json');
  const names = new Set<string>();
  let lookbackDays = DEFAULT_LOOKBACK_DAYS;
  let currency: string | null = null;

  const model = await readJson(lake, modelKey);
  if (model !== undefined) {
    if (!isObject(model)) throw new UserError(`${where(modelKey)} must be an object like {"conversions": ["Order completed"], "lookback_days": 30}`);
    const list = model.conversions ?? [];
    if (!Array.isArray(list) || list.some((n) => typeof n !== 'string' || !n.trim())) throw new UserError(`${where(modelKey)}: "conversions" must be a list of action names`);
    for (const n of list as string[]) names.add(n.trim());
    if (model.lookback_days !== undefined) {
      const d = model.lookback_days;
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > MAX_LOOKBACK_DAYS) throw new UserError(`${where(modelKey)}: "lookback_days" must be a whole number of days from 1 to ${MAX_LOOKBACK_DAYS}, got ${JSON.stringify(d)}`);
      lookbackDays = d;
    }
    if (model.currency !== undefined) {
      const c = model.currency;
      if (typeof c !== 'string' || !/^[A-Za-z]{3}$/.test(c)) throw new UserError(`${where(modelKey)}: "currency" must be a three-letter ISO 4217 code like "EUR", got ${JSON.stringify(c)}`);
      currency = c.toUpperCase();
    }
  }

  const actions = await readJson(lake, actionsKey);
  if (actions !== undefined) {
    const list = isObject(actions) ? actions.actions : undefined;
    if (!Array.isArray(list)) throw new UserError(`${where(actionsKey)} must be {"actions": [ActionDefinition, ...]}`);
    for (const a of list) if (isObject(a) && a.conversion === true && typeof a.name === 'string' && a.name.trim()) names.add(a.name.trim());
  }
  return { site, conversions: [...names].sort(), lookbackDays, currency };
}
