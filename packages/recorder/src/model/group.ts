/**
 * Repeated structures: which ancestor of a clicked element is one item of a list (a product
 * card, a table row), and which other elements of the page are items of the same kind.
 */
import { all } from '@actionlake/sdk';
import { isRoot, esc, tagOf } from './dom';
import { stableClasses, stableDataNames } from './stable';

/** Tags that are list items by nature: siblings of the same tag are alike without any class. */
const ITEM_TAGS = new Set(['li', 'tr', 'article', 'dt', 'dd']);

/** Tags of the element's subtree, two levels deep: "div(span,span),div(button,a)". */
function signature(el: Element, depth = 2): string {
  let s = '';
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
    s += tagOf(c) + (depth > 1 && c.firstElementChild ? '(' + signature(c, depth - 1) + ')' : '') + ',';
  }
  return s;
}

function shares(a: string[], b: string[]): boolean {
  return a.some((x) => b.indexOf(x) >= 0);
}

/**
 * Whether `b` is an item "like" `a`: same tag and a shared stable class, or a shared data-*
 * attribute name, or an identical (possibly generated) class list, or the same tag structure two
 * levels deep (3+ descendants), or both are li/tr/article/dt/dd.
 */
export function alike(a: Element, b: Element): boolean {
  if (a.tagName !== b.tagName) return false;
  if (ITEM_TAGS.has(tagOf(a))) return true;
  if (shares(stableClasses(a), stableClasses(b))) return true;
  if (shares(stableDataNames(a), stableDataNames(b))) return true;
  const ca = a.getAttribute('class') || '';
  if (ca.trim() && ca.trim().split(/\s+/).sort().join(' ') === (b.getAttribute('class') || '').trim().split(/\s+/).sort().join(' ')) return true;
  return a.querySelectorAll('*').length >= 3 && signature(a) === signature(b);
}

/**
 * Classes that say where an element sits in a layout rather than what it is: grid columns and
 * rows, spacing, sizing and flex utilities (`.col`, `.col-lg-4`, `.mb-5`, `.p-6`, `md:w-1/3`).
 */
const LAYOUT = /^(?:[a-z0-9]+:)*-?(?:col|cols|column|columns|row|container|grid|flex|cell|wrapper|wrap|g|gx|gy|gap|[mp][xytblrse]?|w|h|min-w|max-w|min-h|max-h|d|order|offset|space-[xy]|justify|items|align|self|content|place|basis|shrink|grow|span|float|clearfix|relative|absolute|static|block|inline|hidden|overflow|transition|duration|transform)(?:-.*)?$/i;

export function isLayoutClass(c: string): boolean {
  return LAYOUT.test(c);
}

/** Whether every class of `el` is a layout class (or it has none). */
function layoutOnly(el: Element): boolean {
  for (let i = 0; i < el.classList.length; i++) if (!LAYOUT.test(el.classList[i])) return false;
  return true;
}

/**
 * The card inside a layout wrapper: `.col > .card` is the card, not the column. Descends while
 * the element has only layout classes and a single element child with a class of its own.
 */
export function cardIn(wrapper: Element): Element {
  let n = wrapper;
  while (layoutOnly(n) && n.children.length === 1 && stableClasses(n.children[0]).some((c) => !LAYOUT.test(c))) n = n.children[0];
  return n;
}

/**
 * The other items of the list `item` belongs to: its alike siblings, or when it is the card
 * inside a layout wrapper, the cards of the wrapper's alike siblings.
 */
export function peers(item: Element): Element[] {
  const own = alikeSiblings(item);
  if (own.length) return own;
  for (let w = item.parentElement; w && !isRoot(w) && w.children.length === 1; w = w.parentElement) {
    if (cardIn(w) !== item) break;
    const sibs = alikeSiblings(w);
    if (sibs.length) return sibs.map(cardIn).filter((c) => c !== item && alike(item, c));
  }
  return [];
}

/** Siblings of `el` alike to it (not including it). */
export function alikeSiblings(el: Element): Element[] {
  const parent = el.parentElement;
  if (!parent) return [];
  const out: Element[] = [];
  for (let c = parent.firstElementChild; c; c = c.nextElementSibling) if (c !== el && alike(el, c)) out.push(c);
  return out;
}

/**
 * A rough "same place" key: the tags of the path from `top` down to `el`. Classes are left out:
 * items of one list style the same element differently (a featured card's other button).
 */
function shape(el: Element, top: Element): string {
  const parts: string[] = [];
  for (let n: Element | null = el; n && n !== top; n = n.parentElement) parts.push(tagOf(n));
  return parts.join('<');
}

/** Whether some sibling item holds an element in the same place as `el` holds in `item`. */
function correspondsIn(el: Element, item: Element, others: Element[]): boolean {
  if (el === item) return true;
  const want = shape(el, item);
  const tag = el.tagName;
  return others.some((o) => all(o, tag).some((x) => shape(x, o) === want));
}

/**
 * The repeated item around `target`: the nearest ancestor (or `target` itself when it holds
 * content of its own, like a card link) with alike siblings that hold a corresponding element.
 * Never body/html. Null when the element is not inside a repeated structure.
 */
export function findContainer(target: Element): Element | null {
  for (let n: Element | null = target; n && !isRoot(n); n = n.parentElement) {
    if (n === target && target.querySelectorAll('*').length < 2) continue;
    const sibs = alikeSiblings(n);
    if (sibs.length && correspondsIn(target, n, sibs)) return cardIn(n);
  }
  return null;
}

/** Whether two parents look like instances of the same list (a second shelf of the same cards). */
function sameList(a: Element | null, b: Element | null): boolean {
  if (!a || !b || a.tagName !== b.tagName || isRoot(a) || isRoot(b)) return false;
  const ca = stableClasses(a);
  const cb = stableClasses(b);
  return ca.length || cb.length ? shares(ca, cb) : true;
}

/**
 * Items of the same kind as `container`: its alike siblings, plus elements elsewhere on the page
 * with the same tag, stable classes and data-* names inside a parent that looks like the same list
 * (a second shelf of the same cards); a lone item elsewhere (a gift card, a sidebar) is not one.
 */
export function groupOf(container: Element): Element[] {
  const set = new Set<Element>([container, ...peers(container)]);
  const classes = stableClasses(container);
  const names = stableDataNames(container);
  if (classes.length || names.length) {
    const sel = tagOf(container) + classes.map((c) => '.' + esc(c)).join('') + names.map((n) => '[' + esc(n) + ']').join('');
    const key = classes.slice().sort().join(' ') + '|' + names.slice().sort().join(' ');
    for (const e of all(container.ownerDocument, sel)) {
      if (set.has(e)) continue;
      if (stableClasses(e).sort().join(' ') + '|' + stableDataNames(e).sort().join(' ') !== key) continue;
      if (sameList(e.parentElement, container.parentElement)) set.add(e);
    }
  }
  return Array.from(set).sort(byDocumentOrder);
}

/** The item of `group` that holds `el` (el itself or its nearest ancestor in the group). */
export function ownerIn(el: Element, group: Set<Element>): Element | null {
  for (let n: Element | null = el; n; n = n.parentElement) if (group.has(n)) return n;
  return null;
}

export function byDocumentOrder(a: Element, b: Element): number {
  if (a === b) return 0;
  return a.compareDocumentPosition(b) & 4 /* FOLLOWING */ ? -1 : 1;
}
