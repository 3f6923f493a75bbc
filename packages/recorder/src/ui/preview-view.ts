/** The preview under the form: match count with the picked match's values, why it cannot be saved, fields that look wrong, every match's values. */
import { summary, type Preview } from '../preview/preview';
import { fill, h, show } from './h';

const LISTED = 50;

export class PreviewView {
  readonly el: HTMLElement;
  private count = h('p', { class: 'count', 'data-al': 'count', role: 'status' });
  private problem = h('p', { class: 'problem', 'data-al': 'problem', role: 'alert' });
  private warning = h('p', { class: 'warning', 'data-al': 'warning' });
  private fieldWarnings = h('ul', { class: 'plain warning', 'data-al': 'field-warnings' });
  private list = h('ol', { 'data-al': 'matches' });

  constructor() {
    this.el = h('div', {}, h('h3', {}, 'Preview'), this.count, this.problem, this.warning, this.fieldWarnings, this.list);
  }

  render(p: Preview, formProblem: string | null): void {
    const problem = p.problem || formProblem;
    this.count.textContent = p.matches.length ? summary(p) : '0 matches';
    this.problem.textContent = problem || '';
    show(this.problem, !!problem);
    this.warning.textContent = p.warning || '';
    show(this.warning, !!p.warning);
    fill(this.fieldWarnings, ...p.fieldWarnings.map((w) => h('li', {}, w)));
    show(this.fieldWarnings, p.fieldWarnings.length > 0);
    const rows = p.values.slice(0, LISTED).map((v, i) => h('li', i === p.picked ? { class: 'picked', title: 'the picked item' } : {}, v.length ? v.join(' · ') : '(no fields mapped)'));
    if (p.values.length > LISTED) rows.push(h('li', { class: 'muted' }, `… and ${p.values.length - LISTED} more`));
    fill(this.list, ...rows);
  }
}
