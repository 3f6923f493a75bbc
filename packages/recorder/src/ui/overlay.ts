/**
 * Boxes drawn over page elements, inside the shadow root (fixed position from
 * getBoundingClientRect, pointer-events none): the element under the pointer, the container
 * fields are mapped in, and every element the definition matches. Kept in place on scroll/resize.
 */
import { h } from './h';

type Kind = 'hover' | 'container' | 'match' | 'hit';

export class Overlay {
  private layer: HTMLElement;
  private boxes: { el: Element; box: HTMLElement }[] = [];
  private targets: Record<Kind, Element[]> = { hover: [], container: [], match: [], hit: [] };
  private frame = 0;
  private readonly onMove = () => this.schedule();

  constructor(root: ShadowRoot) {
    this.layer = h('div', { class: 'overlay', 'data-al': 'overlay' });
    root.appendChild(this.layer);
    addEventListener('scroll', this.onMove, true);
    addEventListener('resize', this.onMove);
  }

  set(kind: Kind, els: Element[]): void {
    this.targets[kind] = els;
    this.draw();
  }

  destroy(): void {
    removeEventListener('scroll', this.onMove, true);
    removeEventListener('resize', this.onMove);
    cancelAnimationFrame(this.frame);
    this.layer.remove();
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.draw()));
  }

  private draw(): void {
    this.layer.textContent = '';
    this.boxes = [];
    for (const kind of ['match', 'container', 'hit', 'hover'] as Kind[]) {
      for (const el of this.targets[kind]) {
        const box = h('div', { class: 'box ' + kind, 'data-al': 'box-' + kind });
        this.boxes.push({ el, box });
        this.layer.appendChild(box);
      }
    }
    for (const { el, box } of this.boxes) place(box, el);
  }
}

function place(box: HTMLElement, el: Element): void {
  const r = el.getBoundingClientRect();
  const s = box.style;
  s.top = r.top + 'px';
  s.left = r.left + 'px';
  s.width = r.width + 'px';
  s.height = r.height + 'px';
  box.hidden = !el.isConnected || (r.width === 0 && r.height === 0);
}
