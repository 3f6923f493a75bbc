/**
 * Candidate selectors, most preferred first: for one element (data-* names, stable classes,
 * shared attribute values, tag), for an element relative to its container (adding a parent
 * chain, then a structural nth-of-type path), for the container itself (scoped by its parent
 * when the short form over-matches), and a unique selector for a non-repeated element (finder).
 */
import { finder } from '@medv/finder';
import { all } from '@actionlake/sdk';
import { between, esc, isRoot, MAX_SELECTOR, quote, structuralPath, structuralStep, tagOf } from './dom';
import { isLayoutClass } from './group';
import { isStableClass, isStableDataName, isStableId, isStableValue, stableClasses, stableDataNames } from './stable';

export interface Token {
  sel: string;
  /** carries an attribute value that may differ per item (data-x="v", name, aria-label) */
  perValue: boolean;
}

export interface Inner {
  /** selector relative to the container ('' = the container itself) */
  rel: string;
  /** `rel` is a structural path starting at a child of the container (join with ' > ') */
  child: boolean;
  perValue: boolean;
}

const MAX_INNER = 48;

/** Single-compound tokens describing `el`, most preferred first. */
export function tokens(el: Element): Token[] {
  const tag = tagOf(el);
  const out: Token[] = [];
  const names = stableDataNames(el);
  for (const n of names) out.push({ sel: `[${esc(n)}]`, perValue: false });
  for (const c of stableClasses(el)) out.push({ sel: '.' + esc(c), perValue: false });
  for (const c of stableClasses(el)) out.push({ sel: tag + '.' + esc(c), perValue: false });
  for (const n of names) out.push({ sel: `${tag}[${esc(n)}]`, perValue: false });
  for (const a of ['type', 'role']) {
    const v = el.getAttribute(a);
    if (v && isStableValue(v) && (a === 'role' || tag === 'input' || tag === 'button')) out.push({ sel: `${tag}[${a}=${quote(v)}]`, perValue: false });
  }
  for (const n of names) {
    const v = el.getAttribute(n) || '';
    if (isStableValue(v)) out.push({ sel: `[${esc(n)}=${quote(v)}]`, perValue: true });
  }
  for (const a of ['name', 'aria-label']) {
    const v = el.getAttribute(a);
    if (v && isStableValue(v)) out.push({ sel: `${tag}[${a}=${quote(v)}]`, perValue: true });
  }
  out.push({ sel: tag, perValue: false });
  return out;
}

/** Selectors for `el` relative to `container`, most preferred first. */
export function innerCandidates(el: Element, container: Element, allowValues = true): Inner[] {
  if (el === container) return [{ rel: '', child: false, perValue: false }];
  const seen = new Set<string>();
  const out: Inner[] = [];
  const add = (rel: string, perValue: boolean, child = false): void => {
    if ((perValue && !allowValues) || seen.has(rel) || out.length >= MAX_INNER) return;
    seen.add(rel);
    out.push({ rel, child, perValue });
  };
  const own = tokens(el);
  for (const t of own) add(t.sel, t.perValue);
  const chain = between(el, container).slice(0, 3);
  chain.forEach((a, depth) => {
    for (const ta of tokens(a).slice(0, 4)) {
      for (const t of own.slice(0, 4)) {
        if (depth === 0) add(`${ta.sel} > ${t.sel}`, ta.perValue || t.perValue);
        add(`${ta.sel} ${t.sel}`, ta.perValue || t.perValue);
      }
    }
  });
  // structural: tags with nth-of-type where siblings share the tag, ending in the best own token
  const steps = structuralPath(el, container);
  const best = own.find((t) => !t.perValue && t.sel !== tagOf(el));
  if (best) add([...steps.slice(0, -1), structuralStep(el) + best.sel.replace(/^[a-z][a-z0-9-]*/, '')].join(' > '), false, true);
  add(steps.join(' > '), false, true);
  return out;
}

/**
 * Selectors for the container that match it and all its alike siblings, exact ones (nothing
 * outside `group`) first. Short forms (".product-card", "[data-product-id]", "li"), then the same
 * scoped by the parent ("ul.grid > li", "#products > div").
 */
export function containerCandidates(container: Element, siblings: Element[], group: Set<Element>): string[] {
  const tag = tagOf(container);
  const shared = (list: (e: Element) => string[]): string[] =>
    list(container).filter((x) => siblings.every((s) => list(s).indexOf(x) >= 0));
  // A data-* name whose value is the same on every item ("data-role=card") says what the item is
  // and comes first; one carrying a per-item value ("data-sku") ranks after a shared class.
  const names = shared(stableDataNames);
  const sameValue = (n: string): boolean => siblings.every((s) => s.getAttribute(n) === container.getAttribute(n));
  const byName = (list: string[]): string[] => list.reduce<string[]>((a, n) => a.concat(`[${esc(n)}]`, `${tag}[${esc(n)}]`), []);
  const base: string[] = byName(names.filter(sameValue));
  // the card's own classes (".card", ".product") before layout ones (".col-lg-4", ".mb-5")
  const classes = shared(stableClasses);
  for (const c of classes.filter((x) => !isLayoutClass(x)).concat(classes.filter(isLayoutClass))) base.push('.' + esc(c), `${tag}.${esc(c)}`);
  base.push(...byName(names.filter((n) => !sameValue(n))));
  base.push(tag);
  const parent = container.parentElement;
  const scoped: string[] = [];
  if (parent && !isRoot(parent)) {
    const p = uniqueSelector(parent);
    for (const b of base) scoped.push(`${p} > ${b}`);
  } else if (parent) {
    for (const b of base) scoped.push(`${tagOf(parent)} > ${b}`);
  }
  const doc = container.ownerDocument;
  const ranked: { sel: string; outside: number; i: number }[] = [];
  [...base, ...scoped].forEach((sel, i) => {
    if (sel.length > 900) return;
    const m = all(doc, sel);
    if (!m.length || !siblings.every((s) => m.indexOf(s) >= 0)) return;
    ranked.push({ sel, outside: m.filter((e) => !group.has(e)).length, i });
  });
  ranked.sort((a, b) => (a.outside === 0 ? 0 : 1) - (b.outside === 0 ? 0 : 1) || a.outside - b.outside || a.i - b.i);
  return ranked.map((r) => r.sel);
}

/** finder's attribute filter: stable data-* names and a few meaningful attributes, readable values. */
function attrOk(name: string, value: string): boolean {
  return (isStableDataName(name) || ['role', 'name', 'aria-label', 'type', 'rel'].indexOf(name) >= 0) && isStableValue(value);
}

/**
 * A unique selector for `el` via @medv/finder, preferring stable ids, stable classes and data-*
 * attributes, rejecting generated classes/ids; a full nth-of-type path if finder gives up.
 */
export function uniqueSelector(el: Element): string {
  const doc = el.ownerDocument;
  if (isRoot(el)) return tagOf(el);
  try {
    const sel = finder(el, {
      root: doc.body,
      idName: isStableId,
      className: isStableClass,
      attr: attrOk,
      tagName: () => true,
      timeoutMs: 500,
      maxNumberOfPathChecks: 5000,
    });
    const m = all(doc, sel);
    if (sel.length <= 1024 && m.length === 1 && m[0] === el) return sel;
  } catch {
    /* fall through to the structural path */
  }
  const steps = ['body', ...structuralPath(el, doc.body)];
  let path = steps.join(' > ');
  // very deep trees: keep the innermost steps that fit (no longer anchored at body)
  while (path.length > MAX_SELECTOR && steps.length > 1) path = steps.splice(0, 1) && steps.join(' > ');
  return path;
}
