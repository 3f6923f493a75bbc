/** Element construction for the panel: h('button', { 'data-al': 'save', onclick }, 'Save'). */
type Handler = (ev: Event) => void;
export type Attrs = Record<string, string | boolean | undefined | Handler>;
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...kids: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const key of Object.keys(attrs)) {
    const v = attrs[key];
    if (typeof v === 'function') el.addEventListener(key.slice(2), v);
    else if (v === true) el.setAttribute(key, '');
    else if (typeof v === 'string') el.setAttribute(key, v);
  }
  append(el, kids);
  return el;
}

export function append(el: Node, kids: Child[]): void {
  for (const k of kids) if (k !== null && k !== undefined && k !== false) el.appendChild(typeof k === 'string' ? document.createTextNode(k) : k);
}

/** Replaces the children of `el`. */
export function fill(el: Element, ...kids: Child[]): void {
  el.textContent = '';
  append(el, kids);
}

export function show(el: HTMLElement, visible: boolean): void {
  el.hidden = !visible;
}
