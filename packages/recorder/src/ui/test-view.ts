/** Test mode: the event sdk.js would send for the last click on the page. */
import type { ClickResult } from '../preview/click-event';
import { h } from './h';

export class TestView {
  readonly el: HTMLElement;
  private summary = h('p', { 'data-al': 'test-summary' }, 'Click anything on the page.');
  private json = h('pre', { 'data-al': 'event', hidden: true });

  constructor() {
    this.el = h('section', { 'data-al': 'test-view' }, h('h3', {}, 'Test mode'), this.summary, this.json);
  }

  render(r: ClickResult | null): void {
    if (!r) {
      this.summary.textContent = 'Click anything on the page: nothing is sent, the event the SDK would send is shown here.';
      this.json.hidden = true;
      return;
    }
    this.summary.textContent = r.event
      ? r.definition
        ? `Matches “${r.definition.name}” (${r.definition.id}): the SDK sends`
        : 'Matches no saved action: autocapture sends'
      : 'The SDK sends nothing for this click (not clickable, and no saved action matches).';
    this.json.hidden = !r.event;
    this.json.textContent = r.event ? JSON.stringify(r.event, null, 2) : '';
  }
}
