/**
 * Opens the Action Recorder when the page is loaded (or later navigated) with
 * `#actionlake-recorder`: removes that hash from the address bar and loads recorder.js from the
 * collector, telling it the site and collector through data attributes. The recorder is never
 * part of sdk.js; visitors without the hash never download it.
 *
 * The tab remembers that its recorder is open (sessionStorage, RECORDER_TAB_KEY) until the
 * marketer presses Close: a reload, or another page of the site in that tab, opens it again, and
 * while it is open the tab's events carry the `recorder` bot signal (privacy.ts), so the
 * marketer's tests are marked as such in the lake (`bot.reasons: ["page:recorder"]`) and no model
 * counts them as a customer's.
 */
export const RECORDER_HASH = '#actionlake-recorder';
/** sessionStorage: set while the recorder is open in this tab (its value: the site) */
export const RECORDER_TAB_KEY = 'actionlake_recorder';

type Guard = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A) => void;

/** Whether the recorder is open in this tab (false when sessionStorage is blocked). */
export function recorderInTab(): boolean {
  try {
    return !!sessionStorage.getItem(RECORDER_TAB_KEY);
  } catch {
    return false;
  }
}

/** The recorder was closed: this tab is a visitor's again from its next event on. */
export function forgetRecorderTab(): void {
  try {
    sessionStorage.removeItem(RECORDER_TAB_KEY);
  } catch {
    // nothing was kept
  }
}

function keepRecorderTab(site: string): void {
  try {
    sessionStorage.setItem(RECORDER_TAB_KEY, site);
  } catch {
    // blocked: the recorder opens by the hash only, and the tab's events are not marked
  }
}

export function watchRecorderHash(site: string, collector: string, guard: Guard): void {
  const check = guard(() => {
    const hash = location.hash === RECORDER_HASH;
    if (!hash && !recorderInTab()) return;
    if (hash) history.replaceState(history.state, '', location.pathname + location.search);
    // recorder.js sets this flag while it is open; after Close the hash opens a new one
    if ((window as unknown as Record<string, unknown>).__actionlakeRecorder) return;
    keepRecorderTab(site);
    const old = document.querySelector('script[data-actionlake-recorder]');
    if (old) old.remove();
    const s = document.createElement('script');
    s.src = collector.replace(/\/+$/, '') + '/recorder.js';
    s.async = true;
    s.setAttribute('data-actionlake-recorder', '');
    s.setAttribute('data-site', site);
    s.setAttribute('data-collector', collector);
    (document.head || document.documentElement).appendChild(s);
  });
  check();
  addEventListener('hashchange', check);
}
