/**
 * A Segment message's `page`, `utm` and `click_ids` as the JSON text the general path's pageOf and
 * campaignOf (segment-fields.ts) give, for the server API's fast path (segment-text.ts). The page is
 * written from its source objects as pageOf merges them (context.page, then a page call's
 * properties); what a page URL gives (its click ids, and its utm_* tags when there is no
 * `context.campaign`) is worked out once per URL: a server's batch mostly repeats its pages, and
 * reading ten click ids through URLSearchParams for each message cost more than the rest of the page.
 * Each answer is the same scratch object, overwritten by the next call. The texts are handed out as
 * UTF-8 bytes made once per page (the inputs compared with the last message's: a server's batch
 * mostly repeats its pages), which the spool copies: building, flattening and encoding the same
 * 150 characters again for each message was a tenth of the row's cost.
 */
import type { Utm } from '@actionlake/schema';
import { campaignOf, isObj } from './segment-fields';
import { MAX_PAGE_FIELD, MAX_UTM_FIELD } from './schema-limits';
import { quoted } from './segment-quote';

const PAGE_KEYS = ['url', 'path', 'title', 'referrer'] as const;
const UTM_KEYS = ['source', 'medium', 'term', 'content'] as const;
const q = JSON.stringify;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const page = { bytes: null as Buffer | null, url: undefined as string | undefined, referrer: undefined as string | undefined };

/**
 * What decides the last answer: each PAGE_KEYS member's value and where pageOf places it (1: with
 * context.page's members, 2: after them, with the properties' own; 0: absent). A page call's
 * properties repeating its context.page give the same answer as a track call's context.page alone.
 */
const values: (string | undefined)[] = new Array(PAGE_KEYS.length).fill(undefined);
const groups: number[] = new Array(PAGE_KEYS.length).fill(0);
let cached = false;
let cachedOk = true;

/**
 * `page` of the row as `"page":{…}` UTF-8 bytes (null: none), its url and referrer; null when over
 * the schema's limits.
 */
export function pageText(contextPage: unknown, properties: unknown): typeof page | null {
  const a = isObj(contextPage) ? contextPage : null;
  const b = isObj(properties) ? properties : null;
  let same = cached;
  for (let i = 0; i < PAGE_KEYS.length; i++) {
    const va = a === null ? undefined : str(a[PAGE_KEYS[i]]);
    const vb = b === null ? undefined : str(b[PAGE_KEYS[i]]);
    // pageOf: context.page's members first, the properties' value where they have one, then the properties' others
    const v = vb ?? va;
    const g = va !== undefined ? 1 : vb !== undefined ? 2 : 0;
    if (values[i] !== v || groups[i] !== g) {
      same = false;
      values[i] = v;
      groups[i] = g;
    }
  }
  if (same) return cachedOk ? page : null;
  cached = true;
  cachedOk = false;
  let text = '';
  for (let g = 1; g <= 2; g++) {
    for (let i = 0; i < PAGE_KEYS.length; i++) {
      if (groups[i] !== g) continue;
      const v = values[i]!;
      if (v.length > MAX_PAGE_FIELD) return null;
      text += `${text ? ',' : '"page":{'}"${PAGE_KEYS[i]}":${quoted(v)}`;
    }
  }
  cachedOk = true;
  page.url = values[0];
  page.referrer = values[3];
  page.bytes = text ? Buffer.from(`${text}}`) : null;
  return page;
}

interface FromUrl {
  url: string | undefined;
  search: unknown;
  utm: Utm | undefined;
  /** `"utm":{…}` as UTF-8, null: none */
  utmBytes: Buffer | null;
  clickIds: Record<string, string> | undefined;
  /** `"click_ids":{…}` as UTF-8, null: none */
  clickBytes: Buffer | null;
  /** within the schema's limits */
  ok: boolean;
}

/** what the last page URL gave */
let last: FromUrl = { url: undefined, search: undefined, utm: undefined, utmBytes: null, clickIds: undefined, clickBytes: null, ok: true };

const campaign = { utm: undefined as Utm | undefined, utmBytes: null as Buffer | null, clickIds: undefined as Record<string, string> | undefined, clickBytes: null as Buffer | null };

/** the last `context.campaign`'s values (name, then UTM_KEYS) and what they gave (undefined: over a limit) */
const tagInputs: unknown[] = new Array(1 + UTM_KEYS.length).fill(undefined);
let tagged: { utm: Utm | undefined; bytes: Buffer | null } | undefined = { utm: undefined, bytes: null };

/** `utm` and `click_ids` of the row (objects, and `"utm":{…}` / `"click_ids":{…}` bytes, null: none); null when over the schema's limits. */
export function campaignText(campaignValue: unknown, pageUrl: string | undefined, contextPage: unknown): typeof campaign | null {
  const search = isObj(contextPage) ? contextPage.search : undefined;
  if (last.url !== pageUrl || last.search !== search) {
    const r = campaignOf(undefined, pageUrl === undefined ? undefined : { url: pageUrl }, contextPage);
    let ok = !r.utm || UTM_KEYS.every((k) => (r.utm![k]?.length ?? 0) <= MAX_UTM_FIELD) && (r.utm.campaign?.length ?? 0) <= MAX_UTM_FIELD;
    if (r.click_ids) for (const k in r.click_ids) if (r.click_ids[k].length > MAX_UTM_FIELD) ok = false;
    const utmBytes = r.utm ? Buffer.from(`"utm":${q(r.utm)}`) : null;
    last = { url: pageUrl, search, utm: r.utm, utmBytes, clickIds: r.click_ids, clickBytes: r.click_ids ? Buffer.from(`"click_ids":${q(r.click_ids)}`) : null, ok };
  }
  if (!last.ok) return null;
  campaign.clickIds = last.clickIds;
  campaign.clickBytes = last.clickBytes;
  if (!isObj(campaignValue)) {
    campaign.utm = last.utm;
    campaign.utmBytes = last.utmBytes;
    return campaign;
  }
  let same = true;
  for (let i = 0; i < tagInputs.length; i++) {
    const v = campaignValue[i === 0 ? 'name' : UTM_KEYS[i - 1]];
    if (tagInputs[i] !== v) {
      same = false;
      tagInputs[i] = v;
    }
  }
  if (!same) tagged = tagsOf(campaignValue);
  if (!tagged) return null;
  campaign.utm = tagged.utm;
  campaign.utmBytes = tagged.bytes;
  return campaign;
}

/** context.campaign: Segment's `name` is the campaign, then the tags in campaignOf's order */
function tagsOf(campaignValue: Record<string, unknown>): { utm: Utm | undefined; bytes: Buffer | null } | undefined {
  let utm: Utm | undefined;
  let text = '';
  const name = campaignValue.name;
  if (typeof name === 'string' && name !== '') {
    if (name.length > MAX_UTM_FIELD) return undefined;
    (utm ??= {}).campaign = name;
    text = `{"campaign":${quoted(name)}`;
  }
  for (const k of UTM_KEYS) {
    const v = campaignValue[k];
    if (typeof v !== 'string' || v === '') continue;
    if (v.length > MAX_UTM_FIELD) return undefined;
    (utm ??= {})[k] = v;
    text += `${text ? ',' : '{'}"${k}":${quoted(v)}`;
  }
  return { utm, bytes: text ? Buffer.from(`"utm":${text}}`) : null };
}
