/**
 * The views' tables: a caption, column headings, numbers right-aligned, a change against the
 * previous period as an arrow with words for screen readers. Wide tables scroll inside their own
 * box (focusable, so a keyboard can scroll it) and never widen the page; columns marked `wide`
 * are left out on a phone.
 */
import { h, type Child } from './dom';
import { change } from './format';

export interface Column<T> {
  label: string;
  cell: (row: T) => Child;
  num?: boolean;
  /** left out on narrow screens */
  wide?: boolean;
}

/** `limit`: rows shown at first; a button shows the rest. */
export function table<T>(caption: string, columns: Column<T>[], rows: T[], o: { foot?: T; limit?: number } = {}): HTMLElement {
  const cls = (c: Column<T>) => [c.num ? 'num' : '', c.wide ? 'secondary' : ''].filter(Boolean).join(' ') || null;
  const tr = (r: T) => h('tr', {}, ...columns.map((c, i) => h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, class: cls(c) }, c.cell(r))));
  const limit = o.limit ?? Infinity;
  const body = h('tbody', {}, ...rows.slice(0, limit).map((r) => tr(r)));
  const wrap = h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
    h('table', {},
      h('caption', { class: 'sr-only' }, caption),
      h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col', class: cls(c) }, c.label)))),
      body,
      o.foot ? h('tfoot', {}, tr(o.foot)) : null));
  if (rows.length <= limit) return wrap;
  const more = h('button', { type: 'button', class: 'quiet more' }, `Show all ${rows.length}`);
  more.addEventListener('click', () => {
    body.append(...rows.slice(limit).map((r) => tr(r)));
    more.remove();
  });
  return h('div', {}, wrap, more);
}

/** A figure with its change from `before` (null: no comparison): "1,234 ▲ 12 %". */
export function withChange(text: string, now: number, before: number | null | undefined): Child {
  const c = change(now, before);
  if (c.dir === 'none') return text;
  return [text, ' ', h('span', { class: `delta ${c.dir}`, title: c.label }, h('span', { 'aria-hidden': 'true' }, c.text), h('span', { class: 'sr-only' }, c.label))];
}
