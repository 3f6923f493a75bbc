/**
 * The recorder, top-down: its modes, and what a click on the page does in each.
 *
 *   locked ──(editor token accepted)──▶ pick ──(a click picks an element)──▶ edit ──(Save, Cancel)──▶ pick
 *                                       pick ⇄ test  (a click shows the event the SDK would send)
 *                                       pick ⇄ live  (the page works; its events come back from the collector)
 *
 * This file only routes: the panel and its views are ui/ (ui/screen.ts: what each mode shows),
 * the definition being edited is edit/session.ts, the saved actions are saved/, the page's clicks
 * and keys are pick/. None of those knows the others; they meet here. Read on in this order: the
 * constructor wires the parts; pageClick routes a click by mode; then the mode changes; last,
 * what talks to the collector (token, list, save, delete) and says the outcome in the panel.
 */
import { clickEvent, loadState, type ActionDefinition } from '@actionlake/sdk';
import { ActionsApi, type ApiFailure } from './api/client';
import { forgetToken, keepToken, loadToken } from './api/token';
import type { RecorderConfig } from './config';
import type { Step } from './edit/ports';
import { EditSession } from './edit/session';
import { intercept } from './pick/intercept';
import { listenKeys } from './pick/keys';
import { autocaptureOn } from './preview/click-event';
import { SavedActions } from './saved/saved-actions';
import { EditorView } from './ui/editor-view';
import { mountHost, type Host } from './ui/host';
import { ListView } from './ui/list-view';
import { LiveView } from './ui/live-view';
import { Overlay } from './ui/overlay';
import { Panel, type Tool } from './ui/panel';
import { Screen, type Mode, type Waiting } from './ui/screen';
import { TestView } from './ui/test-view';
import { TokenView } from './ui/token-view';

export class Recorder {
  private readonly host: Host;
  private readonly overlay: Overlay;
  private readonly api: ActionsApi;
  private readonly saved: SavedActions;
  private readonly panel: Panel;
  private readonly screen: Screen;
  private readonly tokenView: TokenView;
  private readonly editor: EditorView;
  private readonly session: EditSession;
  private readonly list: ListView;
  private readonly testView = new TestView();
  private readonly live: LiveView;
  private readonly stops: (() => void)[];
  private mode: Mode = 'locked';
  /** a save or delete is on its way */
  private busy = false;
  /** "Use page": the page's own clicks work; nothing is picked */
  private usingPage = false;

  constructor(config: RecorderConfig, private readonly onClose: () => void) {
    this.host = mountHost(document);
    this.overlay = new Overlay(this.host.root);
    this.api = new ActionsApi(config.collector, config.site);
    this.saved = new SavedActions(this.api);
    this.panel = new Panel(config.site, { tool: (t) => this.tool(t), usePage: (on) => this.usePage(on), close: () => this.close() });
    this.tokenView = new TokenView((token) => this.unlock(token, false));
    this.list = new ListView({ edit: (d) => this.editSaved(d), remove: (d) => this.remove(d), reload: () => this.reload(true) });
    this.editor = new EditorView({
      input: (patch) => this.session.input(patch),
      arm: (group, key) => (this.session.arm(group, key), this.status()),
      edit: (group, key, sel) => this.session.edit(group, key, sel),
      suggest: (group, key) => (this.session.takeSuggestion(group, key), this.panel.clear()),
      step: (dir) => this.step(dir),
      chooseContainer: () => this.chooseContainer(!this.session.choosingContainer),
      remove: (group, key) => this.session.remove(group, key),
      problem: (text) => this.panel.say('error', text),
      save: () => this.save(),
      cancel: () => this.setMode('pick'),
    });
    this.session = new EditSession(this.editor, this.overlay, this.host.el, () => this.saved.ids());
    // the Live tab can show this browser's events only: the SDK's visitor id in this tab
    this.live = new LiveView(config.collector, config.site, () => this.api.token, () => loadState()?.anonymous_id || null);
    this.screen = new Screen(this.panel, { token: this.tokenView, editor: this.editor, test: this.testView, live: this.live, list: this.list });
    this.host.root.appendChild(this.panel.el);
    this.stops = [
      intercept(this.host.el, {
        click: (el, text) => this.pageClick(el, text),
        passing: () => this.usingPage || this.mode === 'live', // in the Live tab the page works normally
        hover: (el) => this.overlay.set('hover', el && this.picking() ? [el] : []),
      }),
      listenKeys({ step: (dir) => this.mode === 'edit' && (this.step(dir), true), escape: () => this.escape() }),
    ];
    this.setMode('locked');
    const token = loadToken();
    if (token) void this.unlock(token, true);
    else this.tokenView.focus();
  }

  close(): void {
    this.live.run(false);
    for (const stop of this.stops) stop();
    this.overlay.destroy();
    this.host.remove();
    this.onClose();
  }

  // ── the page's clicks, and the modes ──────────────────────────────────────────────────────

  /** What a click on the page does now, by mode. */
  private pageClick(el: Element, text: Text | null): void {
    if (this.mode === 'pick') {
      this.panel.clear();
      this.session.pick(el);
      this.setMode('edit');
      this.editor.focusName();
    } else if (this.mode === 'edit' && this.session.choosingContainer) {
      const problem = this.session.containerClick(el);
      this.chooseContainer(false);
      this.panel.say(problem ? 'error' : 'info', problem || '');
    } else if (this.mode === 'edit' && this.session.armed) {
      const problem = this.session.mapClick(el, text);
      this.panel.say(problem ? 'error' : 'info', problem || '');
      if (!this.session.armed) this.overlay.set('hover', []);
      this.status();
    } else if (this.mode === 'test') {
      const r = clickEvent(this.saved.defs, el, location.pathname, autocaptureOn(document));
      this.testView.show(r);
      this.overlay.set('hit', r ? [r.el] : []);
    }
  }

  /** Whether hovering outlines the element under the pointer (a click would pick or map it). */
  private picking(): boolean {
    return this.mode === 'pick' || this.mode === 'test' || (this.mode === 'edit' && (!!this.session.armed || this.session.choosingContainer));
  }

  private setMode(mode: Mode): void {
    this.mode = mode;
    this.editor.resetSave();
    if (mode !== 'edit') {
      this.session.chooseContainer(false);
      this.overlay.set('match', []);
      this.overlay.set('container', []);
    }
    this.overlay.set('hit', []);
    this.overlay.set('hover', []);
    if (mode === 'test') this.testView.reset();
    this.screen.show(mode, this.waiting());
  }

  /** The status line: what a click on the page does now. */
  private status(): void {
    this.screen.status(this.mode, this.waiting());
  }

  private waiting(): Waiting {
    return { usingPage: this.usingPage, choosing: this.session.choosingContainer, armed: this.session.armed && this.session.armed.key };
  }

  private tool(t: Tool): void {
    if (this.mode === 'locked') return;
    this.panel.clear();
    if (t === 'test' || t === 'live') this.setMode(this.mode === t ? 'pick' : t);
    else this.setMode('pick');
  }

  /** Esc: leaves "Use page", disarms a field (or "Pick container"), or leaves test mode. */
  private escape(): void {
    if (this.usingPage) this.usePage(false);
    else if (this.mode === 'edit' && (this.session.armed || this.session.choosingContainer)) {
      this.session.arm(null);
      this.chooseContainer(false);
    } else if (this.mode === 'test') this.setMode('pick');
  }

  /** Lets the page be used normally for a moment (a newsletter popup, a menu), the recorder kept open. */
  private usePage(on: boolean): void {
    if (this.mode === 'locked') return;
    this.usingPage = on;
    this.overlay.set('hover', []);
    this.screen.show(this.mode, this.waiting());
  }

  private chooseContainer(on: boolean): void {
    this.session.chooseContainer(on);
    this.editor.choosing(on);
    if (!on) this.overlay.set('hover', []);
    this.status();
  }

  private step(dir: Step): void {
    if (this.mode !== 'edit') return;
    if (this.session.step(dir)) this.panel.clear();
    else this.panel.say('info', `There is no ${dir === 'child' || dir === 'parent' ? dir : 'sibling'} to move to.`);
  }

  // ── talking to the collector ───────────────────────────────────────────────────────────────

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
    const failure = await this.saved.reload();
    if (failure) return this.fail(failure);
    this.listChanged();
    const n = this.saved.defs.length;
    if (announce) this.panel.say('info', `Loaded ${n} saved action${n === 1 ? '' : 's'}.`);
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
    if (!this.editor.confirmSave(warnings)) return this.panel.say('error', warnings.join(' ') + ' Check the preview; press “Save anyway” to save as it is.');
    this.busy = true;
    this.session.refresh(true);
    const out = await this.saved.save(this.session.definition(), this.session.draft.original);
    this.busy = false;
    if (out.failure) {
      this.session.refresh();
      return this.fail(out.failure);
    }
    this.panel.say(out.ok ? 'ok' : 'error', out.message);
    this.setMode('pick');
    this.listChanged(); // as saved (and handed to this tab's SDK): no read back, which could be older
  }

  private async remove(def: ActionDefinition): Promise<void> {
    const failure = await this.saved.remove(def);
    this.listChanged();
    if (failure) return this.fail(failure);
    this.panel.say('ok', `Deleted “${def.name}”.`);
  }

  private listChanged(): void {
    this.list.render(this.saved.defs);
    if (this.mode === 'edit') this.session.refresh();
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
