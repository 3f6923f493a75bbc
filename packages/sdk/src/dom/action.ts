/**
 * Applying ActionDefinitions (contract §2) to a click: which definition a clicked element
 * matches, and the products / attributes read from its container at click time. Pure functions
 * of an Element; a selector that does not parse matches nothing instead of throwing.
 */
import type { ActionDefinition, Product, Scalar } from '@actionlake/schema';
import { parsePrice } from '../core/price';
import { pathMatches } from '../core/glob';
import { collapse } from './element';

export interface ActionMatch {
  def: ActionDefinition;
  /** the element matching the definition's selector (the clicked element or an ancestor) */
  el: Element;
}

export interface ActionFields {
  products?: Product[];
  attributes?: Record<string, Scalar>;
}

const MAX_VALUE = 200;
const TEXT_KEYS = ['name', 'brand', 'id', 'category', 'variant'];
/** `selector@attr` or `@attr`: read the attribute instead of the text. */
const ATTR = /@([A-Za-z_:][-\w:.]*)$/;

/** The first definition (in order) for this page path that the clicked element matches. */
export function matchAction(defs: ActionDefinition[], target: Element, path: string): ActionMatch | null {
  for (const def of defs) {
    if (!pathMatches(def.url, path)) continue;
    const el = closest(target, def.selector) || viaFallback(def, target);
    if (el) return { def, el };
  }
  return null;
}

/** The fallback applies only while the primary selector matches nothing on the page. */
function viaFallback(def: ActionDefinition, target: Element): Element | null {
  const fb = def.fallback;
  const doc = target.ownerDocument;
  if (!fb || !fb.path || (doc && first(doc, def.selector))) return null;
  const el = closest(target, fb.path);
  return el && (fb.text === undefined || textOf(el) === fb.text) ? el : null;
}

/** The container of a matched element: `def.container` around it, else the element itself. */
export function containerOf(def: ActionDefinition, el: Element): Element {
  return (def.container && closest(el, def.container)) || el;
}

/** Products and attributes as the definition maps them, read from the container now. */
export function readFields(def: ActionDefinition, el: Element): ActionFields {
  const box = containerOf(def, el);
  const out: ActionFields = {};
  if (def.product) {
    const p: Product = {};
    const traits: Record<string, Scalar> = {};
    for (const key of Object.keys(def.product)) {
      const v = readValue(box, def.product[key]);
      if (v === undefined) continue;
      if (key === 'price') {
        const price = parsePrice(v);
        if (price) Object.assign(p, price);
      } else if (key === 'quantity') {
        const q = parseFloat(v.replace(/[^\d.]/g, ''));
        if (isFinite(q)) p.quantity = q;
      } else if (TEXT_KEYS.indexOf(key) >= 0) (p as Record<string, unknown>)[key] = v;
      else traits[key] = v;
    }
    if (Object.keys(traits).length) p.traits = traits;
    if (Object.keys(p).length) out.products = [p];
  }
  if (def.attributes) {
    const a: Record<string, Scalar> = {};
    for (const key of Object.keys(def.attributes)) {
      const v = readValue(box, def.attributes[key]);
      if (v !== undefined) a[key] = v;
    }
    if (Object.keys(a).length) out.attributes = a;
  }
  return out;
}

/** Text (or `@attr` value) of the first match of a field selector in the container, or undefined. */
export function readValue(box: Element, field: string): string | undefined {
  const m = ATTR.exec(field);
  const sel = (m ? field.slice(0, m.index) : field).trim();
  const el = sel ? (safeMatches(box, sel) ? box : first(box, sel)) : box;
  if (!el) return undefined;
  const raw = m ? el.getAttribute(m[1]) : isFormField(el) ? null : textOf(el);
  const v = raw == null ? '' : collapse(raw).slice(0, MAX_VALUE);
  return v || undefined;
}

/** Input values are never read (contract §4); only text of other elements. */
function isFormField(el: Element): boolean {
  return /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
}

function textOf(el: Element): string {
  return collapse((el.textContent || '').slice(0, 1000)).slice(0, MAX_VALUE);
}

function closest(el: Element, sel: string): Element | null {
  try {
    return el.closest(sel);
  } catch {
    return null;
  }
}

function safeMatches(el: Element, sel: string): boolean {
  try {
    return el.matches(sel);
  } catch {
    return false;
  }
}

function first(root: ParentNode, sel: string): Element | null {
  try {
    return root.querySelector(sel);
  } catch {
    return null;
  }
}

/** Every element of the document matching `sel` (empty for a selector that does not parse). */
export function all(root: ParentNode | null, sel: string): Element[] {
  try {
    return root ? Array.prototype.slice.call(root.querySelectorAll(sel)) : [];
  } catch {
    return [];
  }
}
