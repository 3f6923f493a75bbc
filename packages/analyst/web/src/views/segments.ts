/**
 * Segments: the persons with a visit in the period whose profile matches a predicate — SQL over
 * tables/profiles, as `actionlake segment --where` takes it — how many, how they first came, the
 * first 100 of them, and the whole list as a file: one button per format /api/meta lists (CSV now;
 * activation's platform files join the same list, contract §12). GET /api/segments?where=…
 */
import { download, get } from '../api';
import { figure } from '../charts';
import { empty, failed, h, panel, type Child } from '../dom';
import { count, money } from '../format';
import { load } from '../session';
import type { Meta, ViewRender } from '../shell';
import { href, type State } from '../state';
import { table } from '../table';
import { common, heading } from './common';

interface SegmentRow {
  person_id: string;
  user_id: string | null;
  first_seen: string;
  last_seen: string;
  sessions: number;
  conversions: number;
  revenue: number;
  first_touch_channel: string | null;
  last_touch_channel: string | null;
}

interface SegmentsAnswer {
  count: number;
  currency: string | null;
  by_first_touch_channel: { channel: string; persons: number }[];
  persons: SegmentRow[];
}

const EXAMPLES = [
  "revenue > 100 AND list_contains(device_types, 'mobile')",
  "first_touch_channel = 'Paid Search' AND conversions = 0",
  'sessions >= 3 AND conversions = 0',
  "last_touch_channel = 'Email'",
];

export const segmentsView: ViewRender = (main, s, meta, go) => {
  const area = h('textarea', { id: 'where', name: 'where', rows: 3, spellcheck: 'false', required: true, maxlength: meta.limits.predicate_chars ?? 4000 }, s.where);
  const form = h('form', { class: 'predicate' },
    h('label', { for: 'where' }, 'Persons whose profile matches (SQL over ', h('code', {}, 'profiles'), ')'),
    area,
    h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Find them'),
      h('span', { class: 'examples' }, 'Examples: ', ...EXAMPLES.map((x) => h('button', { type: 'button', class: 'link', onclick: () => go({ where: x }) }, x)))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go({ where: area.value.trim() });
  });
  main.append(...heading('Segments', s, 'persons with a visit'), form);
  if (!s.where) return;
  const result = panel('Who matches');
  const list = panel('The first 100');
  list.classList.add('wide');
  main.append(h('div', { class: 'grid' }, result, list));
  const data = get<SegmentsAnswer>('segments', { ...common(s), where: s.where });
  void load(result, data, (d) => resultPanel(d, s, meta));
  void load(list, data, (d) => (d.count ? personsTable(d, s) : empty('Nobody matches in this range.')));
};

function resultPanel(d: SegmentsAnswer, s: State, meta: Meta): Child {
  const status = h('p', { class: 'note', role: 'status' });
  const buttons = meta.downloads.map((f) => h('button', { type: 'button', 'data-format': f.format, onclick: async () => {
    status.replaceChildren('Preparing the file…');
    try {
      await download('segments/download', { ...common(s), where: s.where, format: f.format }, `segment.${f.format}`);
      status.replaceChildren('Downloaded.');
    } catch (err) {
      status.replaceChildren(failed((err as Error).message));
    }
  } }, `Download ${f.label}`));
  return [
    h('p', { class: 'big' }, h('span', { class: 'value', 'data-count': d.count }, count(d.count)), d.count === 1 ? ' person matches' : ' persons match'),
    d.count ? h('div', { class: 'downloads' }, ...buttons) : null,
    status,
    d.count
      ? figure({
          kind: 'hbar',
          title: 'By the channel that first brought them',
          summary: `Matching persons by first-touch channel: ${d.by_first_touch_channel.map((r) => `${r.channel} ${count(r.persons)}`).join(', ')}.`,
          labels: d.by_first_touch_channel.map((r) => r.channel),
          labelHeading: 'First touch channel',
          series: [{ label: 'Persons', data: d.by_first_touch_channel.map((r) => r.persons) }],
          format: count,
          tall: d.by_first_touch_channel.length > 5,
        })
      : null,
  ];
}

function personsTable(d: SegmentsAnswer, s: State): Child {
  return table('Matching persons', [
    { label: 'Person', cell: (r: SegmentRow) => h('a', { href: href({ ...s, id: r.person_id }, 'person'), 'data-view': 'person' }, r.user_id ?? r.person_id) },
    { label: 'Last seen', cell: (r) => r.last_seen },
    { label: 'Sessions', num: true, cell: (r) => count(r.sessions) },
    { label: 'Conversions', num: true, cell: (r) => count(r.conversions) },
    { label: 'Revenue', num: true, cell: (r) => money(r.revenue, d.currency) },
    { label: 'First touch', wide: true, cell: (r) => r.first_touch_channel ?? '–' },
  ], d.persons);
}
