/**
 * Overview: the one screen that answers "how did we do, and is it up or down?" — visitors,
 * sessions, conversions and revenue of the period against the previous one (a card each; the
 * chosen card's figure is drawn per day, the previous period dashed), and which channels brought
 * the revenue (GET /api/overview and /api/channels).
 */
import { get } from '../api';
import { figure } from '../charts';
import { empty, h, panel, type Child } from '../dom';
import { change, count, money } from '../format';
import { load } from '../session';
import type { ViewRender } from '../shell';
import type { State } from '../state';
import { table, withChange } from '../table';
import { common, dayLabels, heading } from './common';
import { topChannels, type ChannelsAnswer } from './channels';

export interface Figures {
  visitors: number;
  sessions: number;
  conversions: number;
  revenue: number;
}

interface Period {
  from: string;
  to: string;
  totals: Figures;
  days: (Figures & { day: string })[];
  other_currencies: { currency: string; revenue: number }[];
}

export interface OverviewAnswer {
  currency: string | null;
  current: Period;
  previous: Period | null;
}

const METRICS = [
  { id: 'visitors', label: 'Visitors' },
  { id: 'sessions', label: 'Sessions' },
  { id: 'conversions', label: 'Conversions' },
  { id: 'revenue', label: 'Revenue' },
] as const;
type Metric = (typeof METRICS)[number]['id'];

let shown: Metric = 'visitors';

/**
 * The Overview's two requests (kept per URL by ../api): the view asks for them, and main.ts asks
 * before /api/meta has answered when the link names the site and the days, so they run at once.
 */
export function overviewRequests(s: Pick<State, 'site' | 'from' | 'to' | 'compare'>) {
  return {
    overview: get<OverviewAnswer>('overview', common(s)),
    channels: get<ChannelsAnswer>('channels', { ...common(s), by: 'channel' }),
  };
}

export const overviewView: ViewRender = (main, s) => {
  const figures = panel('Figures');
  const trend = panel('Per day');
  const channels = panel('Channels');
  figures.classList.add('wide');
  trend.classList.add('wide');
  channels.classList.add('wide');
  main.append(...heading('Overview', s), h('div', { class: 'grid' }, figures, trend, channels));
  const { overview: data, channels: byChannel } = overviewRequests(s);
  const draw = (d: OverviewAnswer) => {
    const fmt = (m: Metric, n: number) => (m === 'revenue' ? money(n, d.currency) : count(n));
    const cards = METRICS.map((m) => {
      const now = d.current.totals[m.id];
      const before = d.previous?.totals[m.id];
      const c = change(now, before);
      const b = h('button', { type: 'button', class: 'kpi', 'data-metric': m.id, 'aria-pressed': String(m.id === shown) },
        h('span', { class: 'label' }, m.label),
        h('span', { class: 'value' }, fmt(m.id, now)),
        c.dir === 'none' ? null : h('span', { class: `delta ${c.dir}` }, h('span', { 'aria-hidden': 'true' }, c.text), h('span', { class: 'sr-only' }, c.label)));
      b.addEventListener('click', () => {
        shown = m.id;
        for (const x of figures.querySelectorAll('.kpi')) x.setAttribute('aria-pressed', String(x === b));
        drawTrend(d);
      });
      return b;
    });
    const other = d.current.other_currencies;
    return [
      h('div', { class: 'kpis' }, ...cards),
      other.length ? h('p', { class: 'note' }, `Revenue is in ${d.currency}; also ${other.map((o) => money(o.revenue, o.currency)).join(' and ')} in other currencies (never added up).`) : null,
    ];
  };
  const drawTrend = (d: OverviewAnswer) => load(trend, Promise.resolve(d), () => trendChart(d, shown));
  void load(figures, data, draw).then((d) => d && drawTrend(d));
  void load(channels, byChannel, (c) => channelShare(c));
};

function trendChart(d: OverviewAnswer, m: Metric): Child {
  const label = METRICS.find((x) => x.id === m)!.label;
  const fmt = (n: number) => (m === 'revenue' ? money(n, d.currency) : count(n));
  const now = d.current.days.map((x) => x[m]);
  const before = d.previous?.days.map((x) => x[m]) ?? null;
  const total = d.current.totals[m];
  if (!d.current.totals.sessions && !total) return empty('No visits in this range.');
  if (m === 'conversions' && !total) return empty('No conversions in this range.');
  if (m === 'revenue' && !total) return empty('No revenue in this range.');
  const labels = dayLabels(d.current.days.map((x) => x.day), d.previous?.days.map((x) => x.day) ?? null);
  const c = change(total, d.previous?.totals[m]);
  return figure({
    kind: 'line',
    title: `${label} per day`,
    summary: `${label} per day, ${fmt(total)} in total${c.label ? `, ${c.label}` : ''}.`,
    labels: labels.axis,
    tableLabels: labels.table,
    labelHeading: 'Day',
    series: [{ label: 'This period', data: now }, ...(before ? [{ label: 'Previous period', data: before, previous: true, color: '#0072B2' }] : [])],
    format: fmt,
  });
}

function channelShare(c: ChannelsAnswer): Child {
  const rows = c.rows;
  if (!rows.length) return empty('No visits in this range.');
  const byRevenue = c.total.revenue > 0;
  const key = byRevenue ? 'revenue' : 'sessions';
  const top = topChannels(rows, key, 8);
  const fmt = (n: number) => (byRevenue ? money(n, c.currency) : count(n));
  const hasPrev = c.previous !== null;
  return [
    byRevenue ? null : empty('No conversions in this range: channels by sessions.'),
    figure({
      kind: 'hbar',
      title: byRevenue ? 'Revenue by channel (session of the conversion)' : 'Sessions by channel',
      summary: `${byRevenue ? 'Revenue' : 'Sessions'} by channel: ${top.map((r) => `${r.name} ${fmt(r[key])}`).join(', ')}.`,
      labels: top.map((r) => r.name),
      labelHeading: 'Channel',
      series: [{ label: 'This period', data: top.map((r) => r[key]) }, ...(hasPrev ? [{ label: 'Previous period', data: top.map((r) => r[`previous_${key}`] as number), previous: true, color: '#0072B2' }] : [])],
      format: fmt,
      tall: top.length > 5,
    }),
    table('Channels', [
      { label: 'Channel', cell: (r) => r.name },
      { label: 'Sessions', num: true, cell: (r) => withChange(count(r.sessions), r.sessions, hasPrev ? r.previous_sessions : null) },
      { label: 'Conversions', num: true, wide: true, cell: (r) => withChange(count(r.conversions), r.conversions, hasPrev ? r.previous_conversions : null) },
      { label: 'Revenue', num: true, cell: (r) => withChange(money(r.revenue, c.currency), r.revenue, hasPrev ? r.previous_revenue : null) },
    ], rows.slice(0, 10)),
  ];
}
