/**
 * The campaign a URL carries: its `utm_*` parameters and ad click ids, the way sdk.js reads a
 * landing page (first value of each, trimmed, capped), so that a clicked newsletter link or a Shopify
 * order's `landing_site` feeds the same `utm` / `click_ids` fields, and the same source/channel
 * rules, as a browser visit. The click ids are the collector's own list (enrich/source.ts).
 */
import type { Utm } from '@actionlake/schema';
import { CLICK_ID_NETWORKS } from '@actionlake/schema/node';

const UTM_KEYS: readonly (keyof Utm)[] = ['source', 'medium', 'campaign', 'term', 'content'];
/** the longest value kept, as in sdk.js */
const MAX_VALUE = 500;

export interface UrlCampaign {
  utm?: Utm;
  click_ids?: Record<string, string>;
}

/**
 * Reads `url` (absolute, or a path resolved against `base`); a URL that does not parse, or that
 * carries no campaign, gives `{}`.
 */
export function campaignOf(url: string, base?: string): UrlCampaign {
  let params: URLSearchParams;
  try {
    params = new URL(url, base).searchParams;
  } catch {
    return {};
  }
  const utm: Utm = {};
  const clickIds: Record<string, string> = {};
  for (const [name, raw] of params) {
    const key = name.toLowerCase();
    const value = raw.trim().slice(0, MAX_VALUE);
    if (!value) continue;
    if (key.startsWith('utm_')) {
      const k = key.slice(4) as keyof Utm;
      if (UTM_KEYS.includes(k) && utm[k] === undefined) utm[k] = value;
    } else if (key in CLICK_ID_NETWORKS && clickIds[key] === undefined) {
      clickIds[key] = value;
    }
  }
  const found: UrlCampaign = {};
  if (Object.keys(utm).length) found.utm = utm;
  if (Object.keys(clickIds).length) found.click_ids = clickIds;
  return found;
}
