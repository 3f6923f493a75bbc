/**
 * Building the page without a framework: h('p', {class: 'x'}, 'text', child) makes an element.
 * Text always goes in as text nodes (never innerHTML), so a visitor's page path, campaign or
 * user id shown on the page can never become markup.
 */
export type Child = Node | string | number | null | undefined | false | Child[];
export type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces the element's content. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A panel with a heading, busy until its content arrives. */
export function panel(title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'panel', 'aria-busy': 'true' }, h('h2', {}, title), h('div', { class: 'body' }, h('p', { class: 'loading' }, 'Loading…')), ...children);
}

/** Puts content into a panel made by panel() and marks it done. */
export function settle(p: HTMLElement, ...children: Child[]): void {
  p.setAttribute('aria-busy', 'false');
  fill(p.querySelector('.body')!, ...children);
}

/** A short message instead of a blank panel or a NaN: no data, or what went wrong. */
export const empty = (text: string) => h('p', { class: 'empty' }, text);
export const failed = (text: string) => h('p', { class: 'error', role: 'alert' }, text);
