/**
 * While the recorder is open, the page's clicks are the recorder's: click and the events around it
 * are caught in the capture phase at `window` (before any page or SDK listener) and stopped, so
 * neither the page's handlers nor navigation nor autocapture run. Events inside the recorder's
 * own host pass untouched. Hovering reports the element under the pointer.
 */
const BLOCKED = ['click', 'dblclick', 'auxclick', 'contextmenu', 'pointerdown', 'pointerup', 'mousedown', 'mouseup', 'submit'];

export interface PickHandlers {
  /** a click on a page element (already stopped), with the text node under the pointer if any */
  click(el: Element, text: Text | null): void;
  /** true while the marketer uses the page normally ("Use page"): nothing is stopped or picked */
  passing(): boolean;
  /** the page element under the pointer, or null when over the recorder or off the page */
  hover(el: Element | null): void;
}

/** Starts intercepting; returns the function that stops it. */
export function intercept(host: Element, on: PickHandlers): () => void {
  const inside = (ev: Event) => ev.composedPath().indexOf(host) >= 0;
  const targetOf = (ev: Event): Element | null => {
    const t = ev.target as Node | null;
    return t && t.nodeType === 1 ? (t as Element) : t ? t.parentElement : null;
  };
  const block = (ev: Event) => {
    if (inside(ev) || on.passing()) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    const el = targetOf(ev);
    if (ev.type === 'click' && el) on.click(el, textAt(ev as MouseEvent));
  };
  let last: Element | null = null;
  const move = (ev: Event) => {
    const el = inside(ev) || on.passing() ? null : targetOf(ev);
    if (el === last) return;
    last = el;
    on.hover(el);
  };
  const leave = (ev: MouseEvent) => {
    if (ev.relatedTarget || !last) return;
    last = null;
    on.hover(null);
  };
  for (const type of BLOCKED) addEventListener(type, block, true);
  addEventListener('mouseover', move, true);
  document.addEventListener('mouseout', leave, true);
  return () => {
    for (const type of BLOCKED) removeEventListener(type, block, true);
    removeEventListener('mouseover', move, true);
    document.removeEventListener('mouseout', leave, true);
  };
}

/** The text node under the pointer of a click (caretRangeFromPoint / caretPositionFromPoint). */
function textAt(ev: MouseEvent): Text | null {
  const doc = document as Document & {
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node } | null;
  };
  let node: Node | null = null;
  try {
    if (doc.caretPositionFromPoint) node = (doc.caretPositionFromPoint(ev.clientX, ev.clientY) || { offsetNode: null }).offsetNode;
    else if (doc.caretRangeFromPoint) node = (doc.caretRangeFromPoint(ev.clientX, ev.clientY) || { startContainer: null }).startContainer;
  } catch {
    node = null;
  }
  if (!node || node.nodeType !== 3) return null;
  // the caret lands on the nearest text even beside it: only text whose box holds the point counts
  const range = document.createRange();
  range.selectNodeContents(node);
  for (const r of Array.from(range.getClientRects())) {
    if (ev.clientX >= r.left && ev.clientX <= r.right && ev.clientY >= r.top && ev.clientY <= r.bottom) return node as Text;
  }
  return null;
}
