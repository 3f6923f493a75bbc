/**
 * Applying ActionDefinitions (contract §2) to a click: which definition a clicked element
 * matches, and the products / attributes read from its container at click time. Pure functions
 * of an Element; a selector that does not parse matches nothing instead of throwing.
 */
import type { ActionDefinition, ElementInfo, Product, Scalar } from '@actionlake/schema';
import { parsePrice } from '../core/price';
import { pathMatches } from '../core/glob';
import { clickTarget, collapse, describeElement, elementText } from './element';
import { cut } from '../core/cut';

export interface ActionMatch {
  def: ActionDefinition;
  /** the element matching the definition's selector (the clicked element or an ancestor) */
  el: Element;
}

export interface ActionFields {
  products?: Product[];
  attributes?: Record<string, Scalar>;
}

/** The event a click produces: a tagged action, or `Element clicked` (autocapture). */
export interface ClickEvent extends ActionFields {
  action: string;
  action_type: 'click';
  element: ElementInfo;
}

export interface ClickResult {
  event: ClickEvent;
  /** the element the event describes */
  el: Element;
  /** the definition that matched, or null for `Element clicked` */
  def: ActionDefinition | null;
}

/**
 * What a click on `el` records: the first definition it matches (for this page path), else
 * `Element clicked` on its clickable ancestor when autocapture is on, else nothing (null).
 * sdk.js runs this on every click; the recorder's test mode shows its result.
 */
export function clickEvent(defs: ActionDefinition[], el: Element, path: string, autocapture: boolean): ClickResult | null {
  const m = defs.length ? matchAction(defs, el, path) : null;
  if (m) {
    return { event: { action: m.def.name, action_type: 'click', element: describeElement(m.el), ...readFields(m.def, m.el) }, el: m.el, def: m.def };
  }
  const target = autocapture ? clickTarget(el) : null;
  return target ? { event: { action: 'Element clicked', action_type: 'click', element: describeElement(target) }, el: target, def: null } : null;
}

/** Definitions whose selectors parse (checked once, on a detached fragment: no page scan). */
export function usableActions(defs: ActionDefinition[]): ActionDefinition[] {
  const frag = document.createDocumentFragment();
  return defs.filter((d) => {
    if (!d || typeof d.name !== 'string' || typeof d.selector !== 'string') return false;
    try {
      frag.querySelector(d.selector);
      return true;
    } catch {
      return false;
    }
  });
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

/**
 * The fallback (structural path + exact text) applies only while the primary selector matches
 * nothing on the page. Without text a bare tag path would match unrelated pages: never used.
 */
function viaFallback(def: ActionDefinition, target: Element): Element | null {
  const fb = def.fallback;
  if (!fb || !fb.path || !fb.text) return null;
  const el = closest(target, fb.path);
  if (!el || elementText(el) !== fb.text) return null;
  const doc = target.ownerDocument;
  return doc && first(doc, def.selector) ? null : el; // the page-wide query last: it is the costly part
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
        // the page's language tells a bare `$`, `kr` or `¥` apart ("es-MX": MXN, "sv": SEK)
        const price = parsePrice(v, (box.closest('[lang]') as HTMLElement | null)?.lang);
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

/** `sel::text` (or `::text`): the element's own text, its text nodes without its children's (a bare price beside a struck one). */
const OWN = '::text';

/** A field value `sel`, `sel@attr`, `@attr` or `sel::text`: the selector, and the attribute or own text to read. */
export function splitField(field: string): { selector: string; attr?: string; own?: boolean } {
  const m = ATTR.exec(field);
  if (m) return { selector: field.slice(0, m.index).trim(), attr: m[1] };
  const own = field.slice(-6) == OWN;
  return { selector: (own ? field.slice(0, -6) : field).trim(), own };
}

/** The element a field selector reads in the container: the container itself when it matches. */
export function fieldElement(box: Element, selector: string): Element | null {
  return selector ? (safeMatches(box, selector) ? box : first(box, selector)) : box;
}

/** Text (or `@attr` value) of the first match of a field selector in the container, or undefined. */
export function readValue(box: Element, field: string): string | undefined {
  const f = splitField(field);
  const el = fieldElement(box, f.selector);
  if (!el) return undefined;
  const raw = f.attr ? el.getAttribute(f.attr) : isFormField(el) ? null : f.own ? ownText(el) : elementText(el);
  const v = raw == null ? '' : cut(collapse(raw), MAX_VALUE);
  return v || undefined;
}

function ownText(el: Element): string {
  let t = '';
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType == 3) t += n.nodeValue;
  return t;
}

/** Input values are never read (contract §4); only text of other elements. */
function isFormField(el: Element): boolean {
  return /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
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
