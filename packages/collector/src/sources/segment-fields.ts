/**
 * The parts of a Segment message (contract §10, Segment's Spec) that become a row's typed fields:
 * `properties` and `traits` flattened into the lake's scalar maps, the e-commerce spec's products,
 * and `context.page` / `context.campaign` into `page`, `utm` and `click_ids` (what a browser's row
 * gets from its URL). Pure; linear in the message.
 */
import type { PageInfo, Product, Scalar, Utm } from '@actionlake/schema';
import { CLICK_ID_NETWORKS } from '@actionlake/schema/node';

type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** deeper than this a value is kept as its JSON text */
const FLATTEN_DEPTH = 4;

/**
 * `{a: 1, address: {city: "Leeds"}, tags: ["x"]}` → `{a: 1, "address.city": "Leeds", tags: "[\"x\"]"}`:
 * nested objects as dotted keys, arrays as JSON text; null kept only when `nulls` (traits may
 * unset a value, attributes hold none). `skip`: top-level keys left out (made into fields of their own).
 */
export function flatten(value: unknown, nulls: boolean, skip: ReadonlySet<string> = NO_KEYS): Record<string, Scalar | null> | undefined {
  if (!isObj(value)) return undefined;
  const out: Record<string, Scalar | null> = {};
  let n = 0;
  const walk = (o: Obj, prefix: string, depth: number) => {
    for (const k in o) {
      if (!Object.prototype.hasOwnProperty.call(o, k) || (depth === 0 && skip.has(k))) continue;
      const v = o[k];
      const key = prefix ? `${prefix}.${k}` : k;
      if (v === null || v === undefined) {
        if (nulls && v === null) out[key] = null;
      } else if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) {
        out[key] = v;
      } else if (isObj(v) && depth < FLATTEN_DEPTH) {
        walk(v, key, depth + 1);
        continue;
      } else {
        out[key] = JSON.stringify(v) ?? String(v);
      }
      n++;
    }
  };
  walk(value, '', 0);
  return n ? out : undefined;
}
const NO_KEYS: ReadonlySet<string> = new Set();

const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

/** The fields of a Segment product that are a lake Product's own; the rest go to its traits. */
const PRODUCT_KEYS = new Set(['product_id', 'sku', 'id', 'name', 'price', 'quantity', 'brand', 'category', 'variant', 'currency']);

function product(p: Obj, currency: string | undefined): Product {
  const out: Product = {};
  const id = p.product_id ?? p.sku ?? p.id;
  if (typeof id === 'string' || typeof id === 'number') out.id = String(id);
  for (const k of ['name', 'brand', 'category', 'variant'] as const) if (str(p[k])) out[k] = p[k] as string;
  const price = num(p.price);
  if (price !== undefined) out.price = price;
  const quantity = num(p.quantity);
  if (quantity !== undefined) out.quantity = quantity;
  const cur = str(p.currency)?.toUpperCase() ?? currency;
  if (cur) out.currency = cur;
  const traits: Record<string, Scalar> = {};
  for (const k in p) {
    const v = p[k];
    if (PRODUCT_KEYS.has(k)) continue;
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) traits[k] = v;
  }
  if (Object.keys(traits).length) out.traits = traits;
  return out;
}

/**
 * The e-commerce spec's products: `properties.products`, or the one product a "Product Viewed" /
 * "Product Added" event describes with `product_id` or `sku` among its properties.
 */
export function productsOf(properties: unknown): Product[] | undefined {
  if (!isObj(properties)) return undefined;
  const currency = str(properties.currency)?.toUpperCase();
  if (Array.isArray(properties.products)) {
    const list = properties.products.filter(isObj).map((p) => product(p, currency));
    return list.length ? list : undefined;
  }
  if (properties.product_id !== undefined || properties.sku !== undefined) return [product(properties, currency)];
  return undefined;
}

const PAGE_KEYS = ['url', 'path', 'title', 'referrer'] as const;

/** `page` of a row: the page call's properties over `context.page`. */
export function pageOf(contextPage: unknown, properties?: unknown): PageInfo | undefined {
  const out: PageInfo = {};
  for (const source of [contextPage, properties]) {
    if (!isObj(source)) continue;
    for (const k of PAGE_KEYS) if (str(source[k])) out[k] = source[k] as string;
  }
  return Object.keys(out).length ? out : undefined;
}

const UTM_KEYS = ['source', 'medium', 'term', 'content'] as const;

function parse(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null; // not a URL: no tags from it
  }
}

/** the last URL parsed, and what it gave: the messages of a batch mostly share their page */
let last: { text: string; url: URL | null } = { text: '', url: null };

function parsedUrl(url: string | undefined, search: unknown): URL | null {
  const text = url ?? (str(search) ? `http://x/${(search as string).startsWith('?') ? '' : '?'}${search as string}` : undefined);
  if (text === undefined) return null;
  if (text !== last.text) last = { text, url: parse(text) };
  return last.url;
}

/**
 * `utm` and `click_ids` of a row: `context.campaign` (Segment's `name` is the campaign), else the
 * `utm_*` tags of the page's URL (or `context.page.search`); click ids (`gclid`, …) from that URL.
 */
export function campaignOf(campaign: unknown, page: PageInfo | undefined, contextPage: unknown): { utm?: Utm; click_ids?: Record<string, string> } {
  const url = parsedUrl(page?.url, isObj(contextPage) ? contextPage.search : undefined);
  const utm: Utm = {};
  if (isObj(campaign)) {
    if (str(campaign.name)) utm.campaign = campaign.name as string;
    for (const k of UTM_KEYS) if (str(campaign[k])) utm[k] = campaign[k] as string;
  } else if (url) {
    for (const k of [...UTM_KEYS, 'campaign'] as const) {
      const v = url.searchParams.get(`utm_${k}`);
      if (v) utm[k] = v;
    }
  }
  let clickIds: Record<string, string> | undefined;
  if (url) {
    for (const k of Object.keys(CLICK_ID_NETWORKS)) {
      const v = url.searchParams.get(k);
      if (v) (clickIds ??= {})[k] = v;
    }
  }
  return { utm: Object.keys(utm).length ? utm : undefined, click_ids: clickIds };
}
