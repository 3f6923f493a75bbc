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
import { addScript } from './lazy';

export const RECORDER_HASH = '#actionlake-recorder';
/** sessionStorage: set while the recorder is open in this tab (its value: the site) */
export const RECORDER_TAB_KEY = 'actionlake-recorder';

type Guard = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A) => void;

/** The site whose recorder is open in this tab, if any; with `site`, it is from now on (none: sessionStorage is blocked). */
export const recorderInTab = (site?: string): string | null | void => {
  try {
    if (site) sessionStorage.setItem(RECORDER_TAB_KEY, site);
    return sessionStorage.getItem(RECORDER_TAB_KEY);
  } catch {
    // blocked: the recorder opens by its hash only, and the tab's events are not marked
  }
};

/** The recorder was closed: this tab is a visitor's again from its next event on. */
export const forgetRecorderTab = (): void => {
  try {
    sessionStorage.removeItem(RECORDER_TAB_KEY);
  } catch {
    // nothing was kept
  }
};

export const watchRecorderHash = (site: string, collector: string, guard: Guard): void => {
  const check = guard(() => {
    const asked = location.hash === RECORDER_HASH;
    // the hash leaves the address bar at once (the page's URL is taken without it); the tab's flag
    // and the script wait for a task of their own: no storage while sdk.js is evaluated
    if (asked) history.replaceState(history.state, '', location.pathname + location.search);
    setTimeout(guard(() => {
      // recorder.js sets __actionlakeRecorder while it is open; after Close the hash opens a new one
      if (!(asked || recorderInTab()) || (window as unknown as Record<string, unknown>).__actionlakeRecorder) return;
      recorderInTab(site);
      const s = addScript(collector, '/recorder.js');
      s.setAttribute('data-site', site);
      s.setAttribute('data-collector', collector);
    }));
  });
  check();
  addEventListener('hashchange', check);
};
