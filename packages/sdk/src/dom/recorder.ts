/**
 * Opens the Action Recorder when the page is loaded (or later navigated) with
 * `#actionlake-recorder`: removes that hash from the address bar and loads recorder.js from the
 * collector, telling it the site and collector through data attributes. The recorder is never
 * part of sdk.js; visitors without the hash never download it.
 */
export const RECORDER_HASH = '#actionlake-recorder';

type Guard = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A) => void;

export function watchRecorderHash(site: string, collector: string, guard: Guard): void {
  const check = guard(() => {
    if (location.hash !== RECORDER_HASH) return;
    history.replaceState(history.state, '', location.pathname + location.search);
    // recorder.js sets this flag while it is open; after Close the hash opens a new one
    if ((window as unknown as Record<string, unknown>).__actionlakeRecorder) return;
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
