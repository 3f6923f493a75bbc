/**
 * Person: search any id — a user id, a device's anonymous id, a person id, or an email address
 * (looked up by its SHA-256, never stored in clear) — and see the person's 360°: their profile,
 * their ids, and their timeline in the period across the web, email and orders, each event marked
 * with the app it came from (GET /api/person?id=…).
 */
import { get } from '../api';
import { figure, OKABE_ITO } from '../charts';
import { empty, h, panel, type Child } from '../dom';
import { count, money } from '../format';
import { load } from '../session';
import type { ViewRender } from '../shell';
import { table } from '../table';
import { common, heading } from './common';

interface TimelineRow {
  time: string;
  origin: string;
  action: string;
  action_type: string;
  path: string | null;
  channel: string | null;
  session_id: string | null;
  products: string[];
  value: number | null;
  currency: string | null;
}

interface PersonAnswer {
  matches: string[];
  person: null | {
    person_id: string;
    profile: Record<string, unknown> | null;
    ids: { id_type: string; id: string; first_seen: string; last_seen: string }[];
    events: number;
    daily: { day: string; origin: string; events: number }[];
    timeline: TimelineRow[];
  };
}

/** which kind of app each origin is (contract §10) */
const ORIGINS: Record<string, string> = {
  browser: 'Web', server: 'Server', sendgrid: 'Email', mailgun: 'Email', mailchimp: 'Email', shopify: 'Order', stripe: 'Payment', import: 'Import',
};
const originLabel = (o: string) => `${ORIGINS[o] ?? o}${o !== 'browser' && o !== 'server' && o !== 'import' ? ` (${o})` : ''}`;

export const personView: ViewRender = (main, s, _meta, go) => {
  const input = h('input', { type: 'search', id: 'person-id', name: 'id', value: s.id, placeholder: 'user id, anonymous id or email', autocomplete: 'off', required: true });
  const form = h('form', { class: 'search', role: 'search' }, h('label', { for: 'person-id' }, 'Find a person by any id or email'), input, h('button', { type: 'submit' }, 'Find'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go({ id: input.value.trim() });
  });
  main.append(...heading('Person', s), form);
  if (!s.id) {
    main.append(h('p', { class: 'note' }, 'Search a user id, a device\u2019s anonymous id, a person id or an email address to see everything the lake knows about that person: every visit, email and order.'));
    return;
  }
  const profile = panel('Profile');
  const activity = panel('Activity per day');
  const timeline = panel('Timeline');
  activity.classList.add('wide');
  timeline.classList.add('wide');
  main.append(h('div', { class: 'grid' }, profile, activity, timeline));
  const data = get<PersonAnswer>('person', { ...common(s), id: s.id });
  void load(profile, data, (d) => profilePanel(d, s.id, go));
  void load(activity, data, (d) => (d.person ? activityChart(d.person.daily) : empty('–')));
  void load(timeline, data, (d) => (d.person ? timelineList(d.person.timeline, d.person.events) : empty('–')));
};

function profilePanel(d: PersonAnswer, id: string, go: (c: { id: string }) => void): Child {
  if (!d.person) return empty(`No person on this site has the id or email "${id}".`);
  const p = (d.person.profile ?? {}) as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) && v.length ? v.join(', ') : '–');
  const touch = (k: string) => (p[`${k}_channel`] ? `${p[`${k}_channel`]} (${p[`${k}_source`] ?? '–'} / ${p[`${k}_medium`] ?? '–'}${p[`${k}_campaign`] ? `, ${p[`${k}_campaign`]}` : ''})` : '–');
  const facts: [string, Child][] = [
    ['Person', d.person.person_id],
    ['User id', (p.user_id as string) ?? 'never identified'],
    ['Seen', `${p.first_seen ?? '–'} → ${p.last_seen ?? '–'} UTC`],
    ['Sessions', count(p.sessions as number)],
    ['Conversions', count(p.conversions as number)],
    ['Revenue', money(p.revenue as number, (p.revenue_currency as string) ?? null)],
    ['First touch', touch('first_touch')],
    ['Last touch', touch('last_touch')],
    ['Devices', list(p.device_types)],
    ['Browsers', list(p.browsers)],
    ['Countries', list(p.countries)],
    ['Traits', p.traits && Object.keys(p.traits as object).length ? JSON.stringify(p.traits) : '–'],
  ];
  return [
    d.matches.length > 1 ? h('p', { class: 'note' }, 'More than one person has this id: ', ...d.matches.map((m) => h('button', { type: 'button', class: 'link', onclick: () => go({ id: m }) }, m))) : null,
    h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    table('Ids', [
      { label: 'Kind', cell: (r: { id_type: string }) => r.id_type },
      { label: 'Id', cell: (r) => (r.id_type === 'email' ? `SHA-256 ${r.id.slice(0, 12)}…` : r.id) },
      { label: 'Last seen', wide: true, cell: (r) => r.last_seen },
    ], d.person.ids),
  ];
}

function activityChart(daily: { day: string; origin: string; events: number }[]): Child {
  if (!daily.length) return empty('No events of this person in this range.');
  const days = [...new Set(daily.map((x) => x.day))];
  const origins = [...new Set(daily.map((x) => x.origin))];
  return figure({
    kind: 'bar',
    stacked: true,
    title: 'Events per day, by the app they came from',
    summary: `Events per day: ${origins.map((o) => `${originLabel(o)} ${count(daily.filter((x) => x.origin === o).reduce((n, x) => n + x.events, 0))}`).join(', ')}, on ${days.length} day${days.length === 1 ? '' : 's'}.`,
    labels: days,
    labelHeading: 'Day',
    series: origins.map((o, i) => ({ label: originLabel(o), data: days.map((dd) => daily.find((x) => x.day === dd && x.origin === o)?.events ?? 0), color: OKABE_ITO[i] })),
    format: count,
  });
}

function timelineList(rows: TimelineRow[], total: number): Child {
  if (!rows.length) return empty('No events of this person in this range.');
  return [
    total > rows.length ? h('p', { class: 'note' }, `The newest ${count(rows.length)} of ${count(total)} events.`) : null,
    h('ol', { class: 'timeline' }, ...rows.map((r) => h('li', { 'data-origin': r.origin },
      h('time', {}, r.time),
      h('span', { class: `origin o-${ORIGINS[r.origin] ?? 'other'}` }, originLabel(r.origin)),
      h('strong', {}, r.action),
      r.path ? h('span', { class: 'path' }, r.path) : null,
      r.channel && r.action_type === 'pageview' ? h('span', { class: 'channel' }, r.channel) : null,
      r.products.length ? h('span', { class: 'products' }, r.products.join(', ')) : null,
      r.value !== null ? h('span', { class: 'value' }, money(r.value, r.currency)) : null))),
  ];
}
