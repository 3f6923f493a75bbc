/**
 * Applying ActionDefinitions (contract §2) to a click: which definition a clicked element
 * matches (the products / attributes read from its container at click time: dom/fields.ts).
 * Pure functions of an Element; a selector that does not parse matches nothing instead of throwing.
 */
import type { ActionDefinition, ElementInfo, Product, Scalar } from '@actionlake/schema';
import { pathMatches } from '../core/glob';
import { attempt } from '../core/safe';
import { clickTarget, describeElement, elementText } from './element';

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

/** Reads a matched definition's products and attributes (dom/fields.ts readFields). */
export type FieldReader = (def: ActionDefinition, el: Element) => ActionFields;

/** Whether a definition maps products or attributes (a click on it needs a FieldReader). */
export const hasFields = (def: ActionDefinition): boolean => !!(def.product || def.attributes);

/**
 * What a click on `el` records: the first definition it matches (for this page path), with the
 * fields `read` gets from the page (none without it), else `Element clicked` on its clickable
 * ancestor when autocapture is on, else nothing (null). sdk.js runs this on every click.
 */
export const clickWith = (defs: ActionDefinition[], el: Element, path: string, autocapture: boolean, read?: FieldReader): ClickResult | null => {
  const m = defs.length ? matchAction(defs, el, path) : null;
  if (m) {
    return { event: { action: m.def.name, action_type: 'click', element: describeElement(m.el), ...(read && read(m.def, m.el)) }, el: m.el, def: m.def };
  }
  const target = autocapture ? clickTarget(el) : null;
  return target ? { event: { action: 'Element clicked', action_type: 'click', element: describeElement(target) }, el: target, def: null } : null;
};

/** Definitions whose selectors parse (checked once, on a detached fragment: no page scan). */
export const usableActions = (defs: ActionDefinition[]): ActionDefinition[] => {
  const frag = document.createDocumentFragment();
  return defs.filter((d) => {
    return d && typeof d.name === 'string' && typeof d.selector === 'string' && attempt(() => frag.querySelector(d.selector) || 1);
  });
};

/** The first definition (in order) for this page path that the clicked element matches. */
export const matchAction = (defs: ActionDefinition[], target: Element, path: string): ActionMatch | null => {
  for (const def of defs) {
    if (!pathMatches(def.url, path)) continue;
    const el = closest(target, def.selector) || viaFallback(def, target);
    if (el) return { def, el };
  }
  return null;
};

/**
 * The fallback (structural path + exact text) applies only while the primary selector matches
 * nothing on the page. Without text a bare tag path would match unrelated pages: never used.
 */
const viaFallback = (def: ActionDefinition, target: Element): Element | null => {
  const fb = def.fallback;
  if (!fb || !fb.path || !fb.text) return null;
  const el = closest(target, fb.path);
  if (!el || elementText(el) !== fb.text) return null;
  const doc = target.ownerDocument;
  return doc && first(doc, def.selector) ? null : el; // the page-wide query last: it is the costly part
};

/** The container of a matched element: `def.container` around it, else the element itself. */
export const containerOf = (def: ActionDefinition, el: Element): Element => {
  return (def.container && closest(el, def.container)) || el;
};

// A selector that does not parse matches nothing.
const closest = (el: Element, sel: string): Element | null | undefined => attempt(() => el.closest(sel));

export const safeMatches = (el: Element, sel: string): boolean => !!attempt(() => el.matches(sel));

export const first = (root: ParentNode, sel: string): Element | null => attempt(() => root.querySelector(sel)) || null;

/** Every element of the document matching `sel` (empty for a selector that does not parse). */
export const all = (root: ParentNode | null, sel: string): Element[] =>
  attempt(() => (root ? Array.prototype.slice.call(root.querySelectorAll(sel)) : [])) || [];
