/**
 * The Live tab: the site's events as the collector accepts or rejects them (GET
 * /v1/sites/:site/live, Server-Sent Events read with fetch so the editor token goes in the
 * Authorization header, not in a URL). While it is open the page works normally, and each click on
 * it asks the SDK to send at once, so the marketer sees the row within a second or two. By default
 * it shows this browser's events only (`?anonymous_id=`, the SDK's visitor id here): the
 * marketer's own check is not lost among the visitors'; unticking the box shows every visitor's.
 */
import { h } from './h';

/** Rows shown (newest first); older ones go. */
export const LIVE_ROWS = 50;
/** Wait before reconnecting a stream that ended or failed. */
export const LIVE_RETRY_MS = 3_000;

interface LiveData {
  status: 'accepted' | 'rejected';
  action_id?: string | null;
  row?: { action?: string; action_type?: string; received_at?: string; products?: Record<string, unknown>[]; attributes?: Record<string, unknown>; page?: { path?: string }; source?: string | null; source_type?: string };
  reason?: string;
  received_at?: string;
}

export class LiveView {
  readonly el: HTMLElement;
  private state = h('p', { 'data-al': 'live-state' }, 'Not connected.');
  private mine: HTMLInputElement;
  private rows = h('ol', { class: 'live', 'data-al': 'live-rows', style: 'list-style:none;padding:0;margin:0;max-height:320px;overflow:auto' });
  private abort: AbortController | null = null;
  private retry: ReturnType<typeof setTimeout> | undefined;
  /** the SDK sends a click at once instead of at its next interval */
  private readonly flushSoon = () => setTimeout(() => (window as { actionlake?: { flush?: () => unknown } }).actionlake?.flush?.(), 0);

  /** `visitor`: this browser's anonymous_id, null while the SDK has none (no consent yet) */
  constructor(private readonly collector: string, private readonly site: string, private readonly token: () => string, private readonly visitor: () => string | null) {
    this.mine = h('input', { type: 'checkbox', 'data-al': 'live-mine', checked: true, onchange: () => this.restart() });
    this.el = h('section', { 'data-al': 'live-view', hidden: true }, h('h3', {}, 'Live'),
      h('label', { class: 'check' }, this.mine, 'Only this browser’s events'), this.state, this.rows);
  }

  /** The filter changed: the stream starts again (the collector replays its recent events, filtered). */
  private restart(): void {
    if (!this.abort) return;
    this.run(false);
    this.run(true);
  }

  /** Opens the stream (and keeps it open) while `on`; closes it otherwise. */
  run(on: boolean): void {
    if (on === !!this.abort) return;
    clearTimeout(this.retry);
    if (!on) {
      this.abort?.abort();
      this.abort = null;
      removeEventListener('click', this.flushSoon);
      this.state.textContent = 'Not connected.';
      return;
    }
    addEventListener('click', this.flushSoon); // bubbling: after the SDK's own (capturing) listener
    this.abort = new AbortController();
    void this.connect(this.abort);
  }

  private async connect(ac: AbortController): Promise<void> {
    this.state.textContent = 'Connecting…';
    const visitor = this.mine.checked ? this.visitor() : null;
    const query = visitor ? '?anonymous_id=' + encodeURIComponent(visitor) : '';
    try {
      const res = await fetch(`${this.collector.replace(/\/+$/, '')}/v1/sites/${encodeURIComponent(this.site)}/live${query}`, {
        headers: { authorization: 'Bearer ' + this.token() }, signal: ac.signal, credentials: 'omit', cache: 'no-store',
      });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: string } | null;
        throw new Error(body?.error || 'HTTP ' + res.status);
      }
      this.rows.textContent = ''; // the collector shows its recent events again, as this stream wants them
      this.state.textContent = visitor ? 'Connected: click on the page, this browser’s events show here as the collector takes them.'
        : this.mine.checked ? 'Connected: this browser has no visitor id yet (no consent to track it), so every visitor’s events show here.'
          : 'Connected: every visitor’s events show here as the collector takes them.';
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          this.block(buf.slice(0, i));
          buf = buf.slice(i + 2);
        }
      }
      throw new Error('the stream ended');
    } catch (err) {
      if (ac.signal.aborted) return;
      this.state.textContent = `Disconnected (${(err as Error).message}); retrying…`;
      this.retry = setTimeout(() => this.abort === ac && void this.connect(ac), LIVE_RETRY_MS);
    }
  }

  private block(text: string): void {
    const m = /^data: (.*)$/m.exec(text);
    if (!m) return;
    try {
      this.add(JSON.parse(m[1]) as LiveData);
    } catch {
      // not an event of ours
    }
  }

  private add(d: LiveData): void {
    const row = d.row || {};
    const ok = d.status === 'accepted';
    const products = (row.products || []).map((p) => Object.keys(p).map((k) => `${k}: ${typeof p[k] === 'object' ? JSON.stringify(p[k]) : p[k]}`).join(', '));
    const li = h(
      'li',
      { class: ok ? 'ok' : 'bad', 'data-al': 'live-row', style: `display:block;margin:0 0 6px;padding-left:6px;border-left:3px solid ${ok ? '#16a34a' : '#dc2626'}` },
      h('b', { 'data-al': 'live-action' }, ok ? row.action || '?' : 'Rejected'),
      ok && d.action_id ? h('span', { class: 'id' }, ` (${d.action_id})`) : null,
      ok ? ` · ${row.action_type}${row.page?.path ? ' on ' + row.page.path : ''}${row.source ? ' · from ' + row.source : ''}` : null,
      ...products.map((p) => h('div', { 'data-al': 'live-product' }, p)),
      row.attributes ? h('div', {}, 'attributes: ' + JSON.stringify(row.attributes)) : null,
      ok ? null : h('div', { 'data-al': 'live-reason' }, d.reason || ''),
    );
    this.rows.insertBefore(li, this.rows.firstChild);
    while (this.rows.children.length > LIVE_ROWS) this.rows.lastChild!.remove();
  }
}
