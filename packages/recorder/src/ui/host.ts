/**
 * The recorder's host element: an autonomous custom element on <html> with an open shadow root
 * that holds all of the recorder's DOM and CSS. Inline !important host styles beat any page rule
 * (even `* { display: none !important }`), and the page's selectors do not reach into the shadow
 * root, nor do the recorder's styles leak out.
 */
import { HOST_STYLE, STYLES } from './styles';

export const HOST_TAG = 'actionlake-recorder';

export interface Host {
  el: HTMLElement;
  root: ShadowRoot;
  remove(): void;
}

export function mountHost(doc: Document): Host {
  try {
    if (window.customElements && !customElements.get(HOST_TAG)) customElements.define(HOST_TAG, class extends HTMLElement {});
  } catch {
    /* an undefined autonomous element still takes a shadow root */
  }
  const el = doc.createElement(HOST_TAG);
  el.setAttribute('style', HOST_STYLE);
  const root = el.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = STYLES;
  root.appendChild(style);
  // Typing in the panel is not the page's business (its keyboard shortcuts, for one).
  for (const type of ['keydown', 'keyup', 'keypress', 'input', 'change']) el.addEventListener(type, (ev) => ev.stopPropagation());
  doc.documentElement.appendChild(el);
  return { el, root, remove: () => el.remove() };
}
