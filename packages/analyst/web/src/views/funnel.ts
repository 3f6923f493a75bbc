/**
 * Funnel: 2 to 8 steps picked from the site's own actions (a recorder-named click, a conversion,
 * a page view…) and pages; how many persons took each step in order within the period, the
 * conversion from the step before and from the first, and how many dropped off between them
 * (GET /api/funnel?step=…). The steps live in the URL, so a funnel can be shared as a link.
 */
import { get } from '../api';
import { figure } from '../charts';
import { empty, h, panel, type Child } from '../dom';
import { count, share } from '../format';
import { load } from '../session';
import type { Go, Meta, ViewRender } from '../shell';
import { table, withChange } from '../table';
import { common, heading } from './common';

interface Choice {
  kind: 'action' | 'page';
  name: string;
  events: number;
}

interface Step {
  step: string;
  kind: string;
  name: string;
  persons: number;
  conversion: number | null;
  overall: number | null;
  dropped: number;
  previous_persons: number | null;
}

interface FunnelAnswer {
  choices: Choice[];
  steps: Step[];
}

const stepName = (id: string) => (id.startsWith('page:') ? `Viewed ${id.slice(5)}` : id.replace(/^action:/, ''));

export const funnelView: ViewRender = (main, s, meta, go) => {
  const pickers = panel('Steps');
  const result = panel('Persons at each step');
  pickers.classList.add('wide');
  result.classList.add('wide');
  main.append(...heading('Funnel', s), h('div', { class: 'grid' }, pickers, result));
  const steps = s.steps.length >= 2 ? s.steps : [];
  const data = get<FunnelAnswer>('funnel', { ...common(s), step: steps } as Record<string, string | string[]>);
  void load(pickers, data, (d) => stepPickers(d.choices, s.steps, go, meta));
  void load(result, data, (d) => (d.steps.length ? funnelResult(d.steps, s.compare) : empty('Pick at least two steps to see the funnel.')));
};

function stepPickers(choices: Choice[], chosen: string[], go: Go, meta: Meta): Child {
  const max = meta.limits.funnel_steps ?? 8;
  const steps = chosen.length >= 2 ? [...chosen] : [chosen[0] ?? '', chosen[1] ?? ''];
  const select = (value: string, i: number) => {
    const sel = h('select', { id: `step-${i}`, name: 'step' },
      h('option', { value: '' }, '— pick a step —'),
      h('optgroup', { label: 'Actions' }, ...choices.filter((c) => c.kind === 'action').map((c) => h('option', { value: `action:${c.name}`, selected: value === `action:${c.name}` }, `${c.name} (${count(c.events)})`))),
      h('optgroup', { label: 'Page views' }, ...choices.filter((c) => c.kind === 'page').map((c) => h('option', { value: `page:${c.name}`, selected: value === `page:${c.name}` }, `${c.name} (${count(c.events)})`))));
    sel.addEventListener('change', () => {
      steps[i] = sel.value;
      const picked = steps.filter(Boolean);
      if (picked.length >= 2 || !sel.value) go({ steps: picked });
    });
    return sel;
  };
  const remove = (i: number) => h('button', { type: 'button', class: 'quiet', 'aria-label': `Remove step ${i + 1}`, onclick: () => go({ steps: steps.filter((_, j) => j !== i).filter(Boolean) }) }, 'Remove');
  return [
    h('ol', { class: 'steps' }, ...steps.map((v, i) => h('li', {}, h('label', { for: `step-${i}`, class: 'sr-only' }, `Step ${i + 1}`), select(v, i), steps.length > 2 ? remove(i) : null))),
    steps.length < max && chosen.length >= 2
      ? h('button', { type: 'button', onclick: () => {
          const ol = document.querySelector('ol.steps')!;
          ol.append(h('li', {}, h('label', { for: `step-${steps.length}`, class: 'sr-only' }, `Step ${steps.length + 1}`), select('', steps.length)));
          steps.push('');
          (ol.lastElementChild!.querySelector('select') as HTMLSelectElement).focus();
        } }, 'Add a step')
      : null,
    h('p', { class: 'note' }, `A person counts at a step when they took every step before it, in order, within the dates. Up to ${max} steps.`),
  ];
}

function funnelResult(steps: Step[], compare: boolean): Child {
  if (!steps[0].persons) return empty(`Nobody took the first step (${stepName(steps[0].step)}) in this range.`);
  const last = steps[steps.length - 1];
  return [
    figure({
      kind: 'bar',
      title: 'Persons at each step',
      summary: `Funnel of ${steps.length} steps: ${steps.map((x) => `${stepName(x.step)} ${count(x.persons)}`).join(', ')}; ${share(last.overall)} of those at the first step reached the last.`,
      labels: steps.map((x, i) => `${i + 1}. ${stepName(x.step)}`),
      labelHeading: 'Step',
      series: [{ label: 'This period', data: steps.map((x) => x.persons) }, ...(compare ? [{ label: 'Previous period', data: steps.map((x) => x.previous_persons ?? 0), previous: true, color: '#0072B2' }] : [])],
      format: count,
    }),
    table('Funnel steps', [
      { label: 'Step', cell: (x: Step) => `${steps.indexOf(x) + 1}. ${stepName(x.step)}` },
      { label: 'Persons', num: true, cell: (x) => withChange(count(x.persons), x.persons, compare ? x.previous_persons : null) },
      { label: 'From the step before', num: true, cell: (x) => share(x.conversion) },
      { label: 'From the first', num: true, cell: (x) => share(x.overall) },
      { label: 'Dropped off', num: true, cell: (x) => (steps.indexOf(x) === 0 ? '–' : count(x.dropped)) },
    ], steps),
  ];
}
