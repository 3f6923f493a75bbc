/**
 * While the recorder is open, the page's clicks are the recorder's: click and the events around it
 * are caught in the capture phase at `window` (before any page or SDK listener) and stopped, so
 * neither the page's handlers nor navigation nor autocapture run. Events inside the recorder's
 * own host pass untouched. Hovering reports the element under the pointer.
 */
const BLOCKED = ['click', 'dblclick', 'auxclick', 'contextmenu', 'pointerdown', 'pointerup', 'mousedown', 'mouseup', 'submit'];

export interface PickHandlers {
  /** a click on a page element (already stopped) */
  click(el: Element): void;
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
    if (inside(ev)) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    const el = targetOf(ev);
    if (ev.type === 'click' && el) on.click(el);
  };
  let last: Element | null = null;
  const move = (ev: Event) => {
    const el = inside(ev) ? null : targetOf(ev);
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
