/**
 * Pieces several views use: the view's heading with its period in words, the request parameters
 * of the shared state, and the labels of the days of a period beside the previous period's.
 */
import { h } from '../dom';
import { day, shortDay } from '../format';
import { previousOf, type State } from '../state';

/** site, from, to, compare: what every /api request carries */
export function common(s: Pick<State, 'site' | 'from' | 'to' | 'compare'>): Record<string, string> {
  return { site: s.site, from: s.from, to: s.to, ...(s.compare ? {} : { compare: 'none' }) };
}

export function heading(title: string, s: State, what = ''): HTMLElement[] {
  const prev = previousOf(s.from, s.to);
  return [
    h('h1', {}, title),
    h('p', { class: 'period-line' },
      what ? `${what} · ` : '',
      `${day(s.from)} – ${day(s.to)}`,
      s.compare ? h('span', { class: 'vs' }, ` compared with ${day(prev.from)} – ${day(prev.to)}`) : null),
  ];
}

/** "3 Nov" for the axis; "3 Nov (vs 6 Oct)" for the table, when the previous period is shown */
export function dayLabels(days: string[], previousDays: string[] | null): { axis: string[]; table: string[] } {
  return {
    axis: days.map(shortDay),
    table: days.map((d, i) => (previousDays?.[i] ? `${day(d)} (vs ${day(previousDays[i])})` : day(d))),
  };
}
