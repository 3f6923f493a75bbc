/**
 * Channels: sessions, conversions and revenue by channel, source or campaign against the previous
 * period, and the five attribution models side by side — what first touch, last (non-direct)
 * touch, linear, position-based (40/20/40) and time-decay (half-life 7 days) credit each one with
 * (GET /api/channels?by=…). The models are ActionLake's own (contract §7).
 */
import { get } from '../api';
import { figure, OKABE_ITO } from '../charts';
import { empty, h, panel, type Child } from '../dom';
import { count, credit, money } from '../format';
import { load } from '../session';
import type { ViewRender } from '../shell';
import { table, withChange } from '../table';
import { common, heading } from './common';

export interface ChannelRow {
  name: string;
  sessions: number;
  conversions: number;
  revenue: number;
  previous_sessions: number;
  previous_conversions: number;
  previous_revenue: number;
  [figure: string]: number | string;
}

export interface ChannelsAnswer {
  by: string;
  models: string[];
  currency: string | null;
  previous: { from: string; to: string } | null;
  total: ChannelRow;
  rows: ChannelRow[];
}

const BY = [
  { id: 'channel', label: 'Channel' },
  { id: 'source', label: 'Source' },
  { id: 'campaign', label: 'Campaign' },
];

export const MODEL_NAMES: Record<string, string> = {
  first: 'First touch',
  last: 'Last touch',
  linear: 'Linear',
  position: 'Position',
  time_decay: 'Time decay',
};

const MODEL_HELP: Record<string, string> = {
  first: 'all the credit to the first visit in the 30 days before',
  last: 'all to the last visit that was not Direct (Direct only when every visit was)',
  linear: 'shared equally by every visit',
  position: '40 % first, 40 % last, 20 % shared by those between',
  time_decay: 'more to recent visits: a visit a week earlier counts half',
};

/** The `n` largest rows by `key`. */
export function topChannels(rows: ChannelRow[], key: string, n: number): ChannelRow[] {
  return [...rows].sort((a, b) => Number(b[key]) - Number(a[key])).slice(0, n);
}

let modelMetric: 'revenue' | 'conversions' = 'revenue';

export const channelsView: ViewRender = (main, s, _meta, go) => {
  const by = BY.some((b) => b.id === s.by) ? s.by : 'channel';
  const label = BY.find((b) => b.id === by)!.label;
  const picker = h('fieldset', { class: 'segmented' }, h('legend', {}, 'Group by'),
    ...BY.map((b) => {
      const input = h('input', { type: 'radio', name: 'by', id: `by-${b.id}`, value: b.id, checked: b.id === by });
      input.addEventListener('change', () => go({ by: b.id }));
      return h('span', {}, input, h('label', { for: `by-${b.id}` }, b.label));
    }));
  const traffic = panel(`Sessions, conversions and revenue by ${label.toLowerCase()}`);
  const models = panel('Attribution models side by side');
  traffic.classList.add('wide');
  models.classList.add('wide');
  main.append(...heading('Channels', s), picker, h('div', { class: 'grid' }, traffic, models));
  const data = get<ChannelsAnswer>('channels', { ...common(s), by });
  void load(traffic, data, (d) => trafficPanel(d, label));
  void load(models, data, (d) => modelsPanel(d, label, models));
};

function trafficPanel(d: ChannelsAnswer, label: string): Child {
  if (!d.rows.length) return empty('No visits in this range.');
  const prev = d.previous !== null;
  const key = d.total.revenue > 0 ? 'revenue' : 'sessions';
  const top = topChannels(d.rows, key, 10);
  const fmt = (n: number) => (key === 'revenue' ? money(n, d.currency) : count(n));
  return [
    figure({
      kind: 'hbar',
      title: key === 'revenue' ? `Revenue by ${label.toLowerCase()} (conversions in the visit)` : `Sessions by ${label.toLowerCase()}`,
      summary: `${key === 'revenue' ? 'Revenue' : 'Sessions'} by ${label.toLowerCase()}, largest first: ${top.map((r) => `${r.name} ${fmt(Number(r[key]))}`).join(', ')}.`,
      labels: top.map((r) => r.name),
      labelHeading: label,
      series: [{ label: 'This period', data: top.map((r) => Number(r[key])) }, ...(prev ? [{ label: 'Previous period', data: top.map((r) => Number(r[`previous_${key}`])), previous: true, color: '#0072B2' }] : [])],
      format: fmt,
      tall: top.length > 5,
    }),
    key === 'sessions' ? empty('No conversions in this range.') : null,
    table(`${label}s`, [
      { label, cell: (r: ChannelRow) => r.name },
      { label: 'Sessions', num: true, cell: (r) => withChange(count(r.sessions), r.sessions, prev ? r.previous_sessions : null) },
      { label: 'Conversions', num: true, cell: (r) => withChange(count(r.conversions), r.conversions, prev ? r.previous_conversions : null) },
      { label: 'Revenue', num: true, cell: (r) => withChange(money(r.revenue, d.currency), r.revenue, prev ? r.previous_revenue : null) },
    ], d.rows, { foot: { ...d.total, name: 'Total' }, limit: 25 }),
  ];
}

function modelsPanel(d: ChannelsAnswer, label: string, p: HTMLElement): Child {
  if (!d.total.conversions && !d.total.previous_conversions) return empty('No conversions in this range: the models share out conversions, so there is nothing to credit.');
  const metric = modelMetric;
  const fmt = (n: number) => (metric === 'revenue' ? money(n, d.currency) : credit(n));
  const top = topChannels(d.rows, `last_${metric}`, 8);
  const toggle = h('fieldset', { class: 'segmented' }, h('legend', {}, 'Credit'),
    ...(['revenue', 'conversions'] as const).map((m) => {
      const input = h('input', { type: 'radio', name: 'model-metric', id: `mm-${m}`, value: m, checked: m === metric });
      input.addEventListener('change', () => {
        modelMetric = m;
        void load(p, Promise.resolve(d), () => modelsPanel(d, label, p));
      });
      return h('span', {}, input, h('label', { for: `mm-${m}` }, m === 'revenue' ? 'Revenue' : 'Conversions'));
    }));
  return [
    toggle,
    figure({
      kind: 'bar',
      title: `${metric === 'revenue' ? 'Revenue' : 'Conversions'} credited by each model`,
      summary: `${metric === 'revenue' ? 'Revenue' : 'Conversions'} credited to each ${label.toLowerCase()} by the five models: ${top.map((r) => `${r.name}: ${d.models.map((m) => `${MODEL_NAMES[m]} ${fmt(Number(r[`${m}_${metric}`]))}`).join(', ')}`).join('; ')}.`,
      labels: top.map((r) => r.name),
      labelHeading: label,
      series: d.models.map((m, i) => ({ label: MODEL_NAMES[m], data: top.map((r) => Number(r[`${m}_${metric}`])), color: OKABE_ITO[i] })),
      format: fmt,
    }),
    table(`Credit by model (${metric})`, [
      { label, cell: (r: ChannelRow) => r.name },
      ...d.models.map((m) => ({ label: MODEL_NAMES[m], num: true, cell: (r: ChannelRow) => fmt(Number(r[`${m}_${metric}`])) })),
    ], d.rows.filter((r) => d.models.some((m) => Number(r[`${m}_conversions`]) > 0)), { foot: { ...d.total, name: 'Total' }, limit: 25 }),
    h('details', { class: 'help' }, h('summary', {}, 'How each model shares out a conversion'),
      h('dl', {}, ...d.models.flatMap((m) => [h('dt', {}, MODEL_NAMES[m]), h('dd', {}, MODEL_HELP[m])]))),
  ];
}
