/** Test mode: the event sdk.js would send for the last click on the page. */
import type { ClickResult } from '@actionlake/sdk';
import { h } from './h';

export class TestView {
  readonly el: HTMLElement;
  private summary = h('p', { 'data-al': 'test-summary' }, 'Click anything on the page.');
  private json = h('pre', { 'data-al': 'event', hidden: true });

  constructor() {
    this.el = h('section', { 'data-al': 'test-view' }, h('h3', {}, 'Test mode'), this.summary, this.json);
  }

  /** Before any click. */
  reset(): void {
    this.summary.textContent = 'Click anything on the page: nothing is sent, the event the SDK would send is shown here.';
    this.json.hidden = true;
  }

  /** The SDK's clickEvent() for the last click: null when it sends nothing. */
  show(r: ClickResult | null): void {
    this.summary.textContent = r
      ? r.def
        ? `Matches “${r.def.name}” (${r.def.id}): the SDK sends`
        : 'Matches no saved action: autocapture sends'
      : 'The SDK sends nothing for this click (not clickable, and no saved action matches).';
    this.json.hidden = !r;
    this.json.textContent = r ? JSON.stringify(r.event, null, 2) : '';
  }
}
