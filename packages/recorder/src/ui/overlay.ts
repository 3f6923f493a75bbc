/**
 * Boxes drawn over page elements, inside the shadow root (fixed position from
 * getBoundingClientRect, pointer-events none): the element under the pointer, the container
 * fields are mapped in, every element the definition matches, and test mode's hit. One layer per
 * kind, so hovering redraws one box, not every match. Kept in place on scroll and resize.
 */
import { h } from './h';

export type BoxKind = 'match' | 'container' | 'hit' | 'hover';
const KINDS: BoxKind[] = ['match', 'container', 'hit', 'hover']; // bottom to top

export class Overlay {
  private root: HTMLElement;
  private layers = {} as Record<BoxKind, { el: HTMLElement; targets: Element[] }>;
  private frame = 0;
  private readonly onMove = () => this.schedule();

  constructor(shadow: ShadowRoot) {
    this.root = h('div', { class: 'overlay', 'data-al': 'overlay' });
    for (const kind of KINDS) {
      const el = h('div', {});
      this.layers[kind] = { el, targets: [] };
      this.root.appendChild(el);
    }
    shadow.appendChild(this.root);
    addEventListener('scroll', this.onMove, true);
    addEventListener('resize', this.onMove);
  }

  set(kind: BoxKind, els: Element[]): void {
    const layer = this.layers[kind];
    if (!els.length && !layer.targets.length) return;
    layer.targets = els;
    layer.el.textContent = '';
    for (const el of els) layer.el.appendChild(place(h('div', { class: 'box ' + kind, 'data-al': 'box-' + kind }), el));
  }

  destroy(): void {
    removeEventListener('scroll', this.onMove, true);
    removeEventListener('resize', this.onMove);
    cancelAnimationFrame(this.frame);
    this.root.remove();
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.reposition()));
  }

  private reposition(): void {
    for (const kind of KINDS) {
      const { el, targets } = this.layers[kind];
      targets.forEach((t, i) => place(el.children[i] as HTMLElement, t));
    }
  }
}

function place(box: HTMLElement, el: Element): HTMLElement {
  const r = el.getBoundingClientRect();
  const s = box.style;
  s.top = r.top + 'px';
  s.left = r.left + 'px';
  s.width = r.width + 'px';
  s.height = r.height + 'px';
  box.hidden = !el.isConnected || (r.width === 0 && r.height === 0);
  return box;
}
