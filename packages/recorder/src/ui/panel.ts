/**
 * The panel's frame: a title bar (the recorder and its site, move, close) above a toolbar (pick,
 * test, live, use page) — two rows, so the title is never squeezed to "A…" by the buttons —, a
 * status line saying what a click on the page does now, a message line for outcomes and errors,
 * and the views below.
 */
import { h, show } from './h';

export type Tool = 'pick' | 'test' | 'live';
export type MessageKind = 'error' | 'ok' | 'info';

export interface PanelHandlers {
  tool(t: Tool): void;
  /** the page works normally (menus, popups) until pressed again; the recorder stays open */
  usePage(on: boolean): void;
  close(): void;
}

export class Panel {
  readonly el: HTMLElement;
  readonly body: HTMLElement;
  private status = h('p', { class: 'status', 'data-al': 'status' });
  private message = h('p', { class: 'msg', 'data-al': 'message', role: 'alert', hidden: true });
  private tools: Record<Tool, HTMLButtonElement>;
  private usePage: HTMLButtonElement;

  constructor(site: string, on: PanelHandlers) {
    this.tools = {
      pick: h('button', { type: 'button', 'data-al': 'pick', title: 'Click an element on the page to tag it', onclick: () => on.tool('pick') }, 'Pick'),
      test: h('button', { type: 'button', 'data-al': 'test', title: 'Show the event a click would send', onclick: () => on.tool('test') }, 'Test'),
      live: h('button', { type: 'button', 'data-al': 'live', title: 'Use the page and watch its events arrive at the collector', onclick: () => on.tool('live') }, 'Live'),
    };
    this.usePage = h('button', { type: 'button', 'data-al': 'use-page', title: 'Use the page normally for a moment (open a menu, close a popup); press again to go on recording', onclick: () => on.usePage(!this.usePage.classList.contains('on')) }, 'Use page');
    const dock = h('button', { type: 'button', 'data-al': 'dock', title: 'Move the panel to the other side', onclick: () => this.el.classList.toggle('left') }, '⇆');
    const close = h('button', { type: 'button', 'data-al': 'close', title: 'Close the recorder', onclick: () => on.close() }, 'Close');
    this.body = h('div', { class: 'body' }, this.status, this.message);
    this.el = h(
      'div',
      { class: 'panel', 'data-al': 'panel', role: 'dialog', 'aria-label': 'ActionLake recorder' },
      h('div', { class: 'bar' },
        h('div', { class: 'row title-row' }, h('span', { class: 'title', 'data-al': 'title', title: 'ActionLake recorder for the site ' + site }, 'ActionLake ', h('span', { class: 'site' }, site)), dock, close),
        h('div', { class: 'row' }, this.tools.pick, this.tools.test, this.tools.live, this.usePage)),
      this.body,
    );
  }

  /** Which tool is on (null: neither); the tools are usable only once unlocked. */
  setTool(t: Tool | null, enabled: boolean): void {
    for (const k of Object.keys(this.tools) as Tool[]) {
      this.tools[k].classList.toggle('on', k === t);
      this.tools[k].disabled = !enabled;
    }
  }

  /** Shows whether the page is in use (clicks reach it); usable only once unlocked. */
  setUsePage(on: boolean, enabled: boolean): void {
    this.usePage.classList.toggle('on', on);
    this.usePage.disabled = !enabled;
  }

  setStatus(text: string): void {
    this.status.textContent = text;
  }

  say(kind: MessageKind, text: string): void {
    this.message.className = 'msg ' + kind;
    this.message.textContent = text;
    show(this.message, !!text);
  }

  clear(): void {
    this.say('info', '');
  }
}
