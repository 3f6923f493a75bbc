/**
 * The recorder's proposal for a clicked element: the repeated item around it (the container),
 * a selector matching the same element in every item, a structural fallback, and selectors for
 * fields inside the container. Pure functions of the DOM; no UI.
 */
import { containerCandidates, innerCandidates, uniqueSelector, type Inner } from './candidates';
import { all, clickTarget, elementText } from '@actionlake/sdk';
import { isRoot, structuralPath, structuralStep, tagOf, usable } from './dom';
import { stableClasses } from './stable';
import { findContainer, groupOf, ownerIn, peers } from './group';

export { isStableClass } from './stable';
export { fieldSelector, type FieldClick } from './field';

export interface Proposal {
  /** the repeated ancestor (e.g. the product card), or null when the element is not inside a repeated structure */
  container: Element | null;
  /** generalized selector matching every repeated sibling container, e.g. ".product-card"; undefined when container is null */
  containerSelector?: string;
  /** generalized selector of the clicked element: matches the same element in every container, e.g. ".product-card button.buy"; when there is no container, a selector for this element (unique if possible) */
  selector: string;
  /** structural path + text of the element, stored so matching survives class renames; only with text (the SDK ignores a text-less one) */
  fallback?: { path: string; text: string };
  /** elements of the document the selector matches (in document order) */
  matches: Element[];
}

interface Scored {
  selector: string;
  containerSelector: string;
  matches: Element[];
  /** matches outside the group, plus extra matches inside one item */
  bad: number;
  /** items holding exactly one match */
  coverage: number;
}

function join(containerSel: string, inner: Inner): string {
  if (!inner.rel) return containerSel;
  return containerSel + (inner.child ? ' > ' : ' ') + inner.rel;
}

function score(doc: Document, selector: string, containerSelector: string, target: Element, group: Set<Element>): Scored | null {
  if (!usable(selector, doc)) return null;
  const matches = all(doc, selector);
  if (matches.indexOf(target) < 0) return null;
  const per = new Map<Element, number>();
  let bad = 0;
  for (const m of matches) {
    const owner = ownerIn(m, group);
    if (!owner) bad++;
    else per.set(owner, (per.get(owner) || 0) + 1);
  }
  let coverage = 0;
  per.forEach((n) => {
    if (n === 1) coverage++;
    else bad += n - 1;
  });
  return { selector, containerSelector, matches, bad, coverage };
}

function better(a: Scored, b: Scored | null): boolean {
  return !b || a.bad < b.bad || (a.bad === b.bad && a.coverage > b.coverage);
}

/**
 * The proposal for a click on `input`: resolved first to the clickable ancestor the SDK records
 * for it (clickTarget: a, button, [role=button], input[type=submit|button]). `chosen`: the
 * container the marketer picked instead of the one the model finds.
 */
export function propose(input: Element, chosen?: Element | null): Proposal {
  const clickable = clickTarget(input);
  const el = clickable && !isRoot(clickable) ? clickable : input;
  const doc = el.ownerDocument;
  // the container the marketer picked, when the model was unsure (or wrong)
  const container = chosen && chosen !== el && chosen.contains(el) && !isRoot(chosen) ? chosen : isRoot(el) ? null : findContainer(el);
  if (!container) return single(el);

  const group = groupOf(container);
  const set = new Set(group);
  const siblings = [container, ...peers(container)];
  const containers = containerCandidates(container, siblings, set);
  const inners = innerCandidates(el, container, group.length < 2 ? false : true);
  let best: Scored | null = null;
  search: for (const c of containers) {
    for (const i of inners) {
      const s = score(doc, join(c, i), c, el, set);
      if (!s || !better(s, best)) continue;
      best = s;
      if (s.bad === 0 && s.coverage === group.length) break search;
    }
  }
  if (!best) return single(el);
  return {
    container,
    containerSelector: best.containerSelector,
    selector: best.selector,
    fallback: fallbackFor(el, container, best.matches),
    matches: best.matches,
  };
}

/** A non-repeated element: a unique selector via finder. */
function single(el: Element): Proposal {
  const selector = uniqueSelector(el);
  const matches = all(el.ownerDocument, selector);
  return { container: null, selector, fallback: fallbackFor(el, null, matches), matches };
}

/**
 * The structural path (tags, nth-of-type where siblings share a tag) from the container's tag
 * down to the element, or parent > element without a container, with the element's text; only
 * when every match has that same text (the SDK compares it exactly). Omitted otherwise: the SDK
 * ignores a text-less fallback (a bare tag path would match unrelated pages).
 */
function fallbackFor(el: Element, container: Element | null, matches: Element[]): Proposal['fallback'] {
  const text = elementText(el);
  if (text === '' || !matches.every((m) => elementText(m) === text)) return undefined;
  const parent = el.parentElement;
  let path: string;
  if (container && container !== el) path = [tagOf(container), ...structuralPath(el, container)].join(' > ');
  else if (parent && !isRoot(el)) path = `${tagOf(parent)} > ${container ? tagOf(el) : structuralStep(el)}`;
  else return undefined;
  return usable(path, el.ownerDocument) ? { path, text } : undefined;
}
