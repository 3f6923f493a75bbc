/**
 * What the panel shows in each of the recorder's modes: which views are open, which tool is on,
 * and the status line saying what a click on the page does now. The modes and their changes are
 * app.ts's; this file only draws them, so app.ts reads as the routing it is.
 */
import type { EditorView } from './editor-view';
import type { ListView } from './list-view';
import type { LiveView } from './live-view';
import type { Panel } from './panel';
import type { TestView } from './test-view';
import type { TokenView } from './token-view';

export type Mode = 'locked' | 'pick' | 'edit' | 'test' | 'live';

/** What waits for the page's next click, besides the mode. */
export interface Waiting {
  /** "Use page" is on: the page's own clicks work */
  usingPage: boolean;
  /** "Pick container" is on */
  choosing: boolean;
  /** the field waiting for its click, e.g. "price" */
  armed: string | null;
}

const STATUS: Record<Mode, string> = {
  locked: 'Enter the editor token to start.',
  pick: 'Click the element visitors click, e.g. a product’s “Add to cart” button.',
  edit: 'Name the action and map its fields. Clicks on the page do nothing now.',
  test: 'Test mode: click on the page to see the event the SDK would send.',
  live: 'Live: the page works as for a visitor; its events show below as the collector takes them.',
};

export interface Views {
  token: TokenView;
  editor: EditorView;
  test: TestView;
  live: LiveView;
  list: ListView;
}

export class Screen {
  constructor(readonly panel: Panel, private readonly views: Views) {
    panel.body.append(views.token.el, views.editor.el, views.test.el, views.live.el, views.list.el);
  }

  /** Opens the views of `mode` (the Live stream runs only while its tab is open). */
  show(mode: Mode, w: Waiting): void {
    const v = this.views;
    const unlocked = mode !== 'locked';
    v.token.el.hidden = unlocked;
    v.editor.el.hidden = mode !== 'edit';
    v.test.el.hidden = mode !== 'test';
    v.live.el.hidden = mode !== 'live';
    v.list.el.hidden = !unlocked || mode === 'test' || mode === 'live';
    this.panel.setTool(mode === 'pick' || mode === 'test' || mode === 'live' ? mode : null, unlocked);
    this.panel.setUsePage(w.usingPage, unlocked);
    v.live.run(mode === 'live');
    this.status(mode, w);
  }

  /** The status line: what a click on the page does now. */
  status(mode: Mode, w: Waiting): void {
    this.panel.setStatus(
      w.usingPage ? 'The page works normally now (open a menu, close a popup). Press “Use page” again or Esc to go on recording.'
        : mode === 'edit' && w.choosing ? 'Click the element that holds the picked one and its fields, e.g. the product card (Esc: cancel).'
          : mode === 'edit' && w.armed ? `Click the ${w.armed} inside the dashed container (Esc: cancel; Alt+arrows move it after).` : STATUS[mode],
    );
  }
}
