/**
 * What text a field click points at: the element, or only its own text (its text nodes, not its
 * children's: a bare price beside a struck-through old one), and for a price the amount that is not
 * struck through (<del>, <s>, <strike>, text-decoration: line-through) when a block holds several.
 */

/** The element a field reads, and whether it reads only its own text (`sel::text`). */
export interface TextTarget {
  el: Element;
  own: boolean;
}

/** Struck through: <del>, <s>, <strike>, or a computed line-through. */
export function isStruck(el: Element): boolean {
  if (/^(DEL|S|STRIKE)$/.test(el.tagName)) return true;
  const view = el.ownerDocument.defaultView;
  const style = view && view.getComputedStyle ? view.getComputedStyle(el) : null;
  return !!style && /line-through/.test(style.textDecorationLine || style.textDecoration || '');
}

/** Whether `el` or an ancestor below `top` is struck through. */
export function struckWithin(el: Element, top: Element): boolean {
  for (let n: Element | null = el; n && n !== top.parentElement; n = n.parentElement) if (isStruck(n)) return true;
  return false;
}

const has = (s: string | null): boolean => !!s && /\S/.test(s);
const digits = (s: string | null): boolean => !!s && /\d/.test(s);

function ownText(el: Element): string {
  let t = '';
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 3) t += n.nodeValue;
  return t;
}

/** Whether `el` has text of its own beside children that have text too (so its own text is a part). */
function mixed(el: Element): boolean {
  if (!has(ownText(el))) return false;
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) if (has(c.textContent)) return true;
  return false;
}

/** The target for a text node: its element, own text only when the element holds other text too. */
function ofText(t: Text): TextTarget | null {
  const el = t.parentElement;
  return el ? { el, own: mixed(el) } : null;
}

/**
 * The text the marketer clicked: `text` is the text node under the pointer (if any). A click on
 * text an element holds beside other children's text points at that element's own text.
 */
export function clickedText(el: Element, text: Text | null | undefined): TextTarget {
  if (text && has(text.nodeValue) && text.parentElement && el.contains(text)) return ofText(text) || { el, own: false };
  return { el, own: false };
}

/** The first text node under `root` that holds digits and is not struck through (below `root`). */
function unstruckAmount(root: Element): Text | null {
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* SHOW_TEXT */);
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    if (digits(n.nodeValue) && n.parentElement && !struckWithin(n.parentElement, root)) return n;
  }
  return null;
}

/**
 * For a price: the amount not struck through. A click on the struck old price, or on a block
 * holding an old and a new price, moves to the new one: the nearest block (up to the container)
 * that holds an amount outside any struck element.
 */
export function unstruckPrice(t: TextTarget, box: Element): TextTarget {
  const struckHere = struckWithin(t.el, box);
  const holdsStruck = !struckHere && !t.own && Array.prototype.some.call(t.el.querySelectorAll('*'), (e: Element) => isStruck(e) && digits(e.textContent));
  if (!struckHere && !holdsStruck) return t;
  for (let n: Element | null = struckHere ? t.el.parentElement : t.el; n && box.contains(n); n = n.parentElement) {
    if (struckWithin(n, box)) continue;
    const amount = unstruckAmount(n);
    if (amount) return ofText(amount) || t;
  }
  return t;
}
