/**
 * The recorder: unlock with the editor token, then what a click on the page does (pick an
 * element, map a field, or show the event in test mode), the saved actions, save and delete.
 */
import { clickEvent, type ActionDefinition } from '@actionlake/sdk';
import { ActionsApi, type ApiFailure } from './api/client';
import { forgetToken, keepToken, loadToken } from './api/token';
import type { RecorderConfig } from './config';
import { EditSession, type Step } from './edit/session';
import { intercept } from './pick/intercept';
import { autocaptureOn } from './preview/click-event';
import { EditorView } from './ui/editor-view';
import { LiveView } from './ui/live-view';
import { mountHost, type Host } from './ui/host';
import { ListView } from './ui/list-view';
import { Overlay } from './ui/overlay';
import { Panel, type Tool } from './ui/panel';
import { TestView } from './ui/test-view';
import { TokenView } from './ui/token-view';

type Mode = 'locked' | 'pick' | 'edit' | 'test' | 'live';

const STEP_KEYS: Record<string, Step> = { ArrowUp: 'parent', ArrowDown: 'child', ArrowLeft: 'prev', ArrowRight: 'next' };

const STATUS: Record<Mode, string> = {
  locked: 'Enter the editor token to start.',
  pick: 'Click the element visitors click, e.g. a product’s “Add to cart” button.',
  edit: 'Name the action and map its fields. Clicks on the page do nothing now.',
  test: 'Test mode: click on the page to see the event the SDK would send.',
  live: 'Live: the page works as for a visitor; its events show below as the collector takes them.',
};

export class Recorder {
  private host: Host;
  private panel: Panel;
  private overlay: Overlay;
  private api: ActionsApi;
  private tokenView: TokenView;
  private editor: EditorView;
  private list: ListView;
  private testView = new TestView();
  private live: LiveView;
  /** the Live tab is open: the page's clicks are not caught */
  private session: EditSession;
  private stop: () => void;
  private mode: Mode = 'locked';
  private saved: ActionDefinition[] = [];
  private version: string | null = null;
  private busy = false;
  /** "Use page": the page's own clicks work; nothing is picked */
  private usingPage = false;
  /** the field warnings the marketer was shown when pressing Save (a second press saves) */
  private warned = '';
  /**
   * Escape disarms a field waiting for its click (or "Pick container"), or leaves test mode or
   * "Use page". Alt+↑ ↓ ← → move the picked element (or the field mapped last).
   */
  private readonly onKey = (ev: KeyboardEvent) => {
    const step = ev.altKey ? STEP_KEYS[ev.key] : undefined;
    if (step && this.mode === 'edit') {
      ev.preventDefault();
      ev.stopPropagation();
      return this.step(step);
    }
    if (ev.key !== 'Escape') return;
    if (this.usingPage) this.usePage(false);
    else if (this.mode === 'edit' && (this.session.armed || this.session.choosingContainer)) {
      this.session.arm(null);
      this.chooseContainer(false);
    } else if (this.mode === 'test') this.setMode('pick');
  };

  constructor(private config: RecorderConfig, private onClose: () => void) {
    this.host = mountHost(document);
    this.api = new ActionsApi(config.collector, config.site);
    this.panel = new Panel(config.site, { tool: (t) => this.tool(t), usePage: (on) => this.usePage(on), close: () => this.close() });
    this.tokenView = new TokenView((token) => this.unlock(token, false));
    this.list = new ListView({ edit: (d) => this.editSaved(d), remove: (d) => this.remove(d), reload: () => this.reload(true) });
    this.overlay = new Overlay(this.host.root);
    this.editor = new EditorView({
      input: (patch) => this.session.input(patch),
      arm: (group, key) => {
        this.session.arm(group, key);
        this.status();
      },
      edit: (group, key, sel) => this.session.edit(group, key, sel),
      step: (dir) => this.step(dir),
      chooseContainer: () => this.chooseContainer(!this.session.choosingContainer),
      remove: (group, key) => this.session.remove(group, key),
      problem: (text) => this.panel.say('error', text),
      save: () => this.save(),
      cancel: () => this.setMode('pick'),
    });
    this.live = new LiveView(config.collector, config.site, () => this.api.token);
    this.session = new EditSession(this.editor, this.overlay, this.host.el, () => this.saved.map((d) => d.id));
    this.panel.body.append(this.tokenView.el, this.editor.el, this.testView.el, this.live.el, this.list.el);
    this.host.root.appendChild(this.panel.el);
    this.stop = intercept(this.host.el, {
      click: (el, text) => this.pageClick(el, text),
      passing: () => this.usingPage || this.mode === 'live', // in the Live tab the page works normally
      hover: (el) => this.overlay.set('hover', el && this.mode !== 'locked' && (this.mode !== 'edit' || this.session.armed || this.session.choosingContainer) ? [el] : []),
    });
    addEventListener('keydown', this.onKey, true);
    this.setMode('locked');
    const token = loadToken();
    if (token) this.unlock(token, true);
    else this.tokenView.focus();
  }

  close(): void {
    this.live.run(false);
    this.stop();
    removeEventListener('keydown', this.onKey, true);
    this.overlay.destroy();
    this.host.remove();
    this.onClose();
  }

  private async unlock(token: string, remembered: boolean): Promise<void> {
    this.tokenView.busy(true);
    this.panel.say('info', 'Checking the token…');
    const res = await this.api.verify(token);
    this.tokenView.busy(false);
    if (!res.ok) {
      if (res.status === 401) forgetToken();
      this.panel.say('error', remembered && res.status === 401 ? 'The editor token kept for this tab is no longer accepted. Enter it again.' : res.message);
      this.tokenView.focus();
      return;
    }
    this.api.token = token;
    keepToken(token);
    this.panel.clear();
    this.setMode('pick');
    await this.reload(false);
  }

  private async reload(announce: boolean): Promise<void> {
    const res = await this.api.list();
    if (!res.ok) return this.fail(res);
    this.saved = res.body.actions || [];
    this.version = res.body.version || null;
    this.list.render(this.saved);
    if (this.mode === 'edit') this.session.refresh();
    if (announce) this.panel.say('info', `Loaded ${this.saved.length} saved action${this.saved.length === 1 ? '' : 's'}.`);
  }

  private tool(t: Tool): void {
    if (this.mode === 'locked') return;
    this.panel.clear();
    if (t === 'test' || t === 'live') this.setMode(this.mode === t ? 'pick' : t);
    else this.setMode('pick');
  }

  private setMode(mode: Mode): void {
    this.mode = mode;
    const unlocked = mode !== 'locked';
    this.tokenView.el.hidden = unlocked;
    this.editor.el.hidden = mode !== 'edit';
    this.testView.el.hidden = mode !== 'test';
    this.live.el.hidden = mode !== 'live';
    this.list.el.hidden = !unlocked || mode === 'test' || mode === 'live';
    this.panel.setTool(mode === 'pick' || mode === 'test' || mode === 'live' ? mode : null, unlocked);
    this.live.run(mode === 'live');
    this.panel.setUsePage(this.usingPage, unlocked);
    this.warned = '';
    this.editor.saveLabel('Save');
    if (mode !== 'edit') this.session.chooseContainer(false);
    if (mode !== 'edit') {
      this.overlay.set('match', []);
      this.overlay.set('container', []);
    }
    this.overlay.set('hit', []);
    this.overlay.set('hover', []);
    if (mode === 'test') this.testView.reset();
    this.status();
  }

  private status(): void {
    const armed = this.mode === 'edit' && this.session.armed;
    this.panel.setStatus(
      this.usingPage ? 'The page works normally now (open a menu, close a popup). Press “Use page” again or Esc to go on recording.'
        : this.mode === 'edit' && this.session.choosingContainer ? 'Click the element that holds the picked one and its fields, e.g. the product card (Esc: cancel).'
          : armed ? `Click the ${armed.key} inside the dashed container (Esc: cancel; Alt+arrows move it after).` : STATUS[this.mode],
    );
  }

  /** Lets the page be used normally for a moment (a newsletter popup, a menu), the recorder kept open. */
  private usePage(on: boolean): void {
    if (this.mode === 'locked') return;
    this.usingPage = on;
    this.panel.setUsePage(on, true);
    this.overlay.set('hover', []);
    this.status();
  }

  private chooseContainer(on: boolean): void {
    this.session.chooseContainer(on);
    this.editor.choosing(on);
    if (!on) this.overlay.set('hover', []);
    this.status();
  }

  private step(dir: Step): void {
    if (this.mode !== 'edit') return;
    if (!this.session.step(dir)) this.panel.say('info', `There is no ${dir === 'child' ? 'child' : dir === 'parent' ? 'parent' : 'sibling'} to move to.`);
    else this.panel.clear();
  }

  private pageClick(el: Element, text: Text | null): void {
    if (this.mode === 'pick') {
      this.panel.clear();
      this.session.pick(el);
      this.setMode('edit');
      this.editor.focusName();
    } else if (this.mode === 'edit' && this.session.choosingContainer) {
      const problem = this.session.containerClick(el);
      this.chooseContainer(false);
      if (problem) this.panel.say('error', problem);
      else this.panel.clear();
    } else if (this.mode === 'edit' && this.session.armed) {
      const problem = this.session.mapClick(el, text);
      if (problem) this.panel.say('error', problem);
      else this.panel.clear();
      if (!this.session.armed) this.overlay.set('hover', []);
      this.status();
    } else if (this.mode === 'test') {
      const r = clickEvent(this.saved, el, location.pathname, autocaptureOn(document));
      this.testView.show(r);
      this.overlay.set('hit', r ? [r.el] : []);
    }
  }

  private editSaved(def: ActionDefinition): void {
    this.panel.clear();
    this.session.load(def);
    this.setMode('edit');
  }

  private async save(): Promise<void> {
    if (this.busy || this.session.problem()) return;
    // a mapped field that looks wrong: say which, and save on the second press
    const warnings = (this.session.preview && this.session.preview.fieldWarnings) || [];
    if (warnings.length && this.warned !== warnings.join('\n')) {
      this.warned = warnings.join('\n');
      this.editor.saveLabel('Save anyway');
      this.panel.say('error', warnings.join(' ') + ' Check the preview; press “Save anyway” to save as it is.');
      return;
    }
    this.warned = '';
    this.editor.saveLabel('Save');
    const def = this.session.definition();
    this.busy = true;
    this.session.refresh(true);
    const res = await this.api.save(def, this.version);
    if (!res.ok) {
      this.busy = false;
      this.session.refresh();
      return this.fail(res);
    }
    this.version = res.body.version;
    const original = this.session.draft.original;
    const done = `Saved “${def.name}” (${def.id}). Visitors’ clicks produce it from their next page load.`;
    if (original && original !== def.id) {
      // a rename: the old id would keep matching first, so it goes (If-Match: the version of this save)
      const del = await this.api.remove(original, this.version);
      this.busy = false;
      if (del.ok) {
        this.version = del.body.version;
        this.panel.say('ok', `${done} Renamed from “${original}”: the old id was deleted.`);
      } else this.panel.say('error', `${done} The old id “${original}” could not be deleted, so it still matches first: ${del.message}`);
    } else {
      this.busy = false;
      this.panel.say('ok', done);
    }
    this.setMode('pick');
    await this.reload(false);
  }

  private async remove(def: ActionDefinition): Promise<void> {
    const res = await this.api.remove(def.id, this.version);
    if (!res.ok) {
      this.list.render(this.saved);
      return this.fail(res);
    }
    this.version = res.body.version;
    this.panel.say('ok', `Deleted “${def.name}”.`);
    await this.reload(false);
  }

  private fail(res: ApiFailure): void {
    this.panel.say('error', res.message);
    if (res.status === 401) {
      forgetToken();
      this.api.token = '';
      this.setMode('locked');
      this.tokenView.focus();
    }
  }
}
