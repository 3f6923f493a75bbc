/**
 * What every view shares, above it: the site picker, the dates (a preset, or any two days), the
 * comparison with the previous period, sign-out; and the tabs, one link per view (each keeps the
 * site and dates). Plain form controls and links: reachable and usable with a keyboard alone.
 */
import { h, fill } from './dom';
import { day } from './format';
import { href, PRESETS, presetOf, presetRange, previousOf, VIEWS, type State } from './state';

export interface SiteDays {
  site: string;
  first_day: string | null;
  last_day: string | null;
}

export interface Meta {
  sites: SiteDays[];
  tables: string[];
  models: string[];
  live: boolean;
  downloads: { format: string; label: string }[];
  limits: Record<string, number>;
}

export type Go = (change: Partial<State>, replace?: boolean) => void;

/** A view: draws into `main` (emptied first) for state `s`; `go` changes the state (and the URL). */
export type ViewRender = (main: HTMLElement, s: State, meta: Meta, go: Go) => void;

/** The days the site has data for (today when it has none yet). */
export function daysOf(meta: Meta, site: string): { first: string; last: string } {
  const s = meta.sites.find((x) => x.site === site);
  const today = new Date().toISOString().slice(0, 10);
  return { first: s?.first_day ?? today, last: s?.last_day ?? today };
}

export function renderControls(form: HTMLFormElement, s: State, meta: Meta, go: Go, signOut: () => void): void {
  const { first, last } = daysOf(meta, s.site);
  const preset = presetOf(s.from, s.to, first, last);
  const site = h('select', { name: 'site', id: 'site' }, ...meta.sites.map((x) => h('option', { value: x.site, selected: x.site === s.site }, x.site)));
  site.addEventListener('change', () => {
    const d = daysOf(meta, site.value);
    // the same preset on the other site's days; custom dates stay as they are
    go(preset === 'custom' ? { site: site.value } : { site: site.value, ...presetRange(preset, d.first, d.last) });
  });
  const presets = h('select', { name: 'preset', id: 'preset' },
    ...PRESETS.map((p) => h('option', { value: p.id, selected: p.id === preset }, p.label)),
    h('option', { value: 'custom', selected: preset === 'custom' }, 'Custom dates'));
  presets.addEventListener('change', () => {
    if (presets.value !== 'custom') go(presetRange(presets.value, first, last));
    else from.focus();
  });
  const from = h('input', { type: 'date', name: 'from', id: 'from', value: s.from, max: s.to, required: true });
  const to = h('input', { type: 'date', name: 'to', id: 'to', value: s.to, min: s.from, required: true });
  const dates = () => {
    if (from.value && to.value && from.value <= to.value) go({ from: from.value, to: to.value });
  };
  from.addEventListener('change', dates);
  to.addEventListener('change', dates);
  const compare = h('input', { type: 'checkbox', name: 'compare', id: 'compare', checked: s.compare });
  compare.addEventListener('change', () => go({ compare: compare.checked }));
  const prev = previousOf(s.from, s.to);
  fill(form,
    h('div', { class: 'field' }, h('label', { for: 'site' }, 'Site'), site),
    h('div', { class: 'field' }, h('label', { for: 'preset' }, 'Dates'), presets),
    h('div', { class: 'field dates' }, h('label', { for: 'from', class: 'sr-only' }, 'From'), from, h('span', { 'aria-hidden': 'true' }, '–'), h('label', { for: 'to', class: 'sr-only' }, 'To'), to),
    h('div', { class: 'field check' }, compare, h('label', { for: 'compare' }, 'Compare with ', h('span', { class: 'period' }, `${day(prev.from)} – ${day(prev.to)}`))),
    h('button', { type: 'button', class: 'quiet', onclick: signOut }, 'Sign out'));
  form.onsubmit = (e) => e.preventDefault();
  form.hidden = false;
}

export function renderTabs(nav: HTMLElement, s: State): void {
  fill(nav, h('ul', {}, ...VIEWS.map((v) =>
    h('li', {}, h('a', { href: href(s, v.id), 'aria-current': v.id === s.view ? 'page' : null, 'data-view': v.id }, v.title)))));
  nav.hidden = false;
}
