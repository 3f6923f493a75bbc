/**
 * What the dashboard shows lives in its URL, so a link shows someone else the same thing
 * (Plausible: "Dashboard state is kept on the URL for people to be able to link to what they
 * see"): the view is the path (/channels), the rest readable query parameters —
 * `site`, `from`, `to` (days, inclusive, UTC), `compare=none` (the previous period is the default),
 * `by`, `step` (repeated), `id`, `where`. A range is kept as its dates, so a shared link shows
 * the same days whenever it is opened. Date presets count back from the last day the site has data.
 */
export const VIEWS = [
  { id: 'overview', title: 'Overview' },
  { id: 'channels', title: 'Channels' },
  { id: 'funnel', title: 'Funnel' },
  { id: 'products', title: 'Products' },
  { id: 'person', title: 'Person' },
  { id: 'segments', title: 'Segments' },
  { id: 'live', title: 'Live' },
] as const;

export type View = (typeof VIEWS)[number]['id'];

export interface State {
  view: View;
  site: string;
  from: string;
  to: string;
  compare: boolean;
  /** Channels: channel | source | campaign */
  by: string;
  /** Funnel: `action:<name>` | `page:<path>` */
  steps: string[];
  /** Person: the id searched */
  id: string;
  /** Segments: the predicate */
  where: string;
}

export function readState(): Partial<State> {
  const q = new URLSearchParams(location.search);
  const view = location.pathname.replace(/^\//, '') || 'overview';
  const s: Partial<State> = { view: (VIEWS.some((v) => v.id === view) ? view : 'overview') as View };
  for (const k of ['site', 'from', 'to', 'by', 'id', 'where'] as const) {
    const v = q.get(k);
    if (v !== null) s[k] = v;
  }
  s.compare = q.get('compare') !== 'none';
  s.steps = q.getAll('step');
  return s;
}

/** The URL of a state: only what differs from the defaults beyond site and dates. */
export function href(s: State, view: View = s.view): string {
  const q = new URLSearchParams({ site: s.site, from: s.from, to: s.to });
  if (!s.compare) q.set('compare', 'none');
  if (view === 'channels' && s.by !== 'channel') q.set('by', s.by);
  if (view === 'funnel') for (const step of s.steps) q.append('step', step);
  if (view === 'person' && s.id) q.set('id', s.id);
  if (view === 'segments' && s.where) q.set('where', s.where);
  return `/${view}?${q.toString()}`;
}

// ---- dates ----------------------------------------------------------------------------------

const DAY = 86_400_000;
export const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
export const daysIn = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1;

/** The period just before [from, to], of the same length (what the API compares with). */
export function previousOf(from: string, to: string): { from: string; to: string } {
  const n = daysIn(from, to);
  return { from: addDays(from, -n), to: addDays(from, -1) };
}

export const PRESETS = [
  { id: '7d', label: 'Last 7 days' },
  { id: '28d', label: 'Last 28 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '90d', label: 'Last 90 days' },
  { id: 'month', label: 'Month to date' },
  { id: 'last-month', label: 'Last month' },
  { id: 'all', label: 'All time' },
] as const;

/** A preset's days, ending at `last` (the last day with data); `first`: the first day with data. */
export function presetRange(id: string, first: string, last: string): { from: string; to: string } {
  const m = /^(\d+)d$/.exec(id);
  if (m) return { from: addDays(last, 1 - Number(m[1])), to: last };
  if (id === 'month') return { from: `${last.slice(0, 7)}-01`, to: last };
  if (id === 'last-month') {
    const end = addDays(`${last.slice(0, 7)}-01`, -1);
    return { from: `${end.slice(0, 7)}-01`, to: end };
  }
  return { from: first, to: last };
}

/** The preset whose days these are, or 'custom'. */
export function presetOf(from: string, to: string, first: string, last: string): string {
  return PRESETS.find((p) => {
    const r = presetRange(p.id, first, last);
    return r.from === from && r.to === to;
  })?.id ?? 'custom';
}
