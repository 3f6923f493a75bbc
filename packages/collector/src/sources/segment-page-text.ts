/**
 * A Segment message's `page`, `utm` and `click_ids` as the JSON text the general path's pageOf and
 * campaignOf (segment-fields.ts) give, for the server API's fast path (segment-text.ts). The page is
 * written from its source objects as pageOf merges them (context.page, then a page call's
 * properties); what a page URL gives (its click ids, and its utm_* tags when there is no
 * `context.campaign`) is worked out once per URL: a server's batch mostly repeats its pages, and
 * reading ten click ids through URLSearchParams for each message cost more than the rest of the page.
 * Each answer is the same scratch object, overwritten by the next call.
 */
import type { Utm } from '@actionlake/schema';
import { campaignOf, isObj } from './segment-fields';
import { MAX_PAGE_FIELD, MAX_UTM_FIELD } from './schema-limits';

const PAGE_KEYS = ['url', 'path', 'title', 'referrer'] as const;
const UTM_KEYS = ['source', 'medium', 'term', 'content'] as const;
const q = JSON.stringify;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const page = { text: '', url: undefined as string | undefined, referrer: undefined as string | undefined };

/** `page` of the row as JSON (`''`: none), its url and referrer; null when over the schema's limits. */
export function pageText(contextPage: unknown, properties: unknown): typeof page | null {
  const a = isObj(contextPage) ? contextPage : null;
  const b = isObj(properties) ? properties : null;
  page.text = '';
  page.url = undefined;
  page.referrer = undefined;
  if (a && b) {
    // both (a page call's properties over context.page): pageOf's order, context.page's members
    // first with the properties' value where they have one, then the properties' other members
    let text = '';
    for (const k of PAGE_KEYS) {
      if (!str(a[k])) continue;
      const v = (str(b[k]) ?? a[k]) as string;
      if (v.length > MAX_PAGE_FIELD) return null;
      text += `${text ? ',' : '{'}"${k}":${q(v)}`;
      if (k === 'url') page.url = v;
      else if (k === 'referrer') page.referrer = v;
    }
    for (const k of PAGE_KEYS) {
      const v = b[k];
      if (str(a[k]) || !str(v)) continue;
      if ((v as string).length > MAX_PAGE_FIELD) return null;
      text += `${text ? ',' : '{'}"${k}":${q(v)}`;
      if (k === 'url') page.url = v as string;
      else if (k === 'referrer') page.referrer = v as string;
    }
    if (text) page.text = `${text}}`;
    return page;
  }
  const src = a ?? b;
  if (!src) return page;
  let text = '';
  for (const k of PAGE_KEYS) {
    const v = src[k];
    if (typeof v !== 'string' || v === '') continue;
    if (v.length > MAX_PAGE_FIELD) return null;
    text += `${text ? ',' : '{'}"${k}":${q(v)}`;
    if (k === 'url') page.url = v;
    else if (k === 'referrer') page.referrer = v;
  }
  if (text) page.text = `${text}}`;
  return page;
}

interface FromUrl {
  url: string | undefined;
  search: unknown;
  utm: Utm | undefined;
  utmText: string;
  clickIds: Record<string, string> | undefined;
  clickText: string;
  /** within the schema's limits */
  ok: boolean;
}

/** what the last page URL gave */
let last: FromUrl = { url: undefined, search: undefined, utm: undefined, utmText: '', clickIds: undefined, clickText: '', ok: true };

const campaign = { utm: undefined as Utm | undefined, utmText: '', clickIds: undefined as Record<string, string> | undefined, clickText: '' };

/** `utm` and `click_ids` of the row (objects and JSON text, `''`: none); null when over the schema's limits. */
export function campaignText(campaignValue: unknown, pageUrl: string | undefined, contextPage: unknown): typeof campaign | null {
  const search = isObj(contextPage) ? contextPage.search : undefined;
  if (last.url !== pageUrl || last.search !== search) {
    const r = campaignOf(undefined, pageUrl === undefined ? undefined : { url: pageUrl }, contextPage);
    let ok = !r.utm || UTM_KEYS.every((k) => (r.utm![k]?.length ?? 0) <= MAX_UTM_FIELD) && (r.utm.campaign?.length ?? 0) <= MAX_UTM_FIELD;
    if (r.click_ids) for (const k in r.click_ids) if (r.click_ids[k].length > MAX_UTM_FIELD) ok = false;
    last = { url: pageUrl, search, utm: r.utm, utmText: r.utm ? q(r.utm) : '', clickIds: r.click_ids, clickText: r.click_ids ? q(r.click_ids) : '', ok };
  }
  if (!last.ok) return null;
  campaign.clickIds = last.clickIds;
  campaign.clickText = last.clickText;
  if (!isObj(campaignValue)) {
    campaign.utm = last.utm;
    campaign.utmText = last.utmText;
    return campaign;
  }
  // context.campaign: Segment's `name` is the campaign, then the tags in campaignOf's order
  let utm: Utm | undefined;
  let text = '';
  const name = campaignValue.name;
  if (typeof name === 'string' && name !== '') {
    if (name.length > MAX_UTM_FIELD) return null;
    (utm ??= {}).campaign = name;
    text = `{"campaign":${q(name)}`;
  }
  for (const k of UTM_KEYS) {
    const v = campaignValue[k];
    if (typeof v !== 'string' || v === '') continue;
    if (v.length > MAX_UTM_FIELD) return null;
    (utm ??= {})[k] = v;
    text += `${text ? ',' : '{'}"${k}":${q(v)}`;
  }
  campaign.utm = utm;
  campaign.utmText = text ? `${text}}` : '';
  return campaign;
}
