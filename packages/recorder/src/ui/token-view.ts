/** Asks for the editor token (once per tab): a password field and a button. */
import { h } from './h';

export class TokenView {
  readonly el: HTMLElement;
  private input: HTMLInputElement;
  private button: HTMLButtonElement;

  constructor(onSubmit: (token: string) => void) {
    this.input = h('input', { type: 'password', class: 'text', 'data-al': 'token', autocomplete: 'off', placeholder: 'ADMIN_TOKEN of the collector' });
    this.button = h('button', { type: 'submit', class: 'primary', 'data-al': 'token-submit' }, 'Unlock');
    const form = h(
      'form',
      {
        onsubmit: (ev) => {
          ev.preventDefault();
          const token = this.input.value.trim();
          if (token) onSubmit(token);
        },
      },
      h('label', {}, 'Editor token', this.input),
      h('div', { class: 'row' }, this.button),
    );
    this.el = h(
      'section',
      { 'data-al': 'token-view' },
      h('p', { class: 'muted' }, 'Saving actions needs the editor token (the ADMIN_TOKEN the collector runs with). It is kept for this tab only.'),
      form,
    );
  }

  busy(on: boolean): void {
    this.button.disabled = on;
    this.input.disabled = on;
  }

  focus(): void {
    this.input.value = '';
    this.input.focus();
  }
}
