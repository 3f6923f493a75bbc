/** The preview under the form: match count with the first match's values, why it cannot be saved, every match's values. */
import { summary, type Preview } from '../preview/preview';
import { fill, h, show } from './h';

const LISTED = 50;

export class PreviewView {
  readonly el: HTMLElement;
  private count = h('p', { class: 'count', 'data-al': 'count', role: 'status' });
  private problem = h('p', { class: 'problem', 'data-al': 'problem', role: 'alert' });
  private warning = h('p', { class: 'warning', 'data-al': 'warning' });
  private list = h('ol', { 'data-al': 'matches' });

  constructor() {
    this.el = h('div', {}, h('h3', {}, 'Preview'), this.count, this.problem, this.warning, this.list);
  }

  render(p: Preview, formProblem: string | null): void {
    const problem = p.problem || formProblem;
    this.count.textContent = p.matches.length ? summary(p) : '0 matches';
    this.problem.textContent = problem || '';
    show(this.problem, !!problem);
    this.warning.textContent = p.warning || '';
    show(this.warning, !!p.warning);
    const rows = p.values.slice(0, LISTED).map((v) => h('li', {}, v.length ? v.join(' · ') : '(no fields mapped)'));
    if (p.values.length > LISTED) rows.push(h('li', { class: 'muted' }, `… and ${p.values.length - LISTED} more`));
    fill(this.list, ...rows);
  }
}
