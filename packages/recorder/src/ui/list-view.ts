/**
 * The site's saved actions with Edit and Delete. Delete asks inside the panel (a page's
 * window.confirm may be stubbed or blocked) before anything is sent.
 */
import type { ActionDefinition } from '@actionlake/sdk';
import { fill, h } from './h';

export interface ListHandlers {
  edit(def: ActionDefinition): void;
  remove(def: ActionDefinition): void;
  reload(): void;
}

export class ListView {
  readonly el: HTMLElement;
  private list = h('div', { 'data-al': 'actions' });
  private defs: ActionDefinition[] = [];
  private confirming: string | null = null;

  constructor(private on: ListHandlers) {
    this.el = h(
      'section',
      { 'data-al': 'list' },
      h('div', { class: 'row' }, h('h3', { style: 'margin-right:auto' }, 'Saved actions'),
        h('button', { type: 'button', 'data-al': 'reload', onclick: () => on.reload() }, 'Reload list')),
      this.list,
    );
  }

  render(defs: ActionDefinition[]): void {
    this.defs = defs;
    this.confirming = null;
    this.draw();
  }

  private draw(): void {
    if (!this.defs.length) {
      fill(this.list, h('p', { class: 'muted' }, 'No actions saved for this site yet.'));
      return;
    }
    fill(this.list, ...this.defs.map((d) => this.row(d)));
  }

  private row(d: ActionDefinition): HTMLElement {
    const what = h('div', { class: 'what' }, h('b', {}, d.name), h('small', {}, `${d.id} · ${d.selector}${d.url ? ' · ' + d.url : ''}`));
    if (this.confirming === d.id) {
      return h(
        'div',
        { class: 'action', 'data-al': 'action', 'data-id': d.id },
        h('div', { class: 'what' }, `Delete “${d.name}”? Visitors' clicks stop producing it.`),
        h('button', { type: 'button', class: 'danger', 'data-al': 'confirm-delete', onclick: () => this.on.remove(d) }, 'Delete'),
        h('button', { type: 'button', 'data-al': 'keep', onclick: () => this.confirm(null) }, 'Keep'),
      );
    }
    return h(
      'div',
      { class: 'action', 'data-al': 'action', 'data-id': d.id },
      what,
      h('button', { type: 'button', 'data-al': 'edit', onclick: () => this.on.edit(d) }, 'Edit'),
      h('button', { type: 'button', 'data-al': 'delete', onclick: () => this.confirm(d.id) }, 'Delete'),
    );
  }

  private confirm(id: string | null): void {
    this.confirming = id;
    this.draw();
  }
}
