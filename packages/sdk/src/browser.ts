/**
 * The script-tag entry (dist/sdk.js): reads the <script data-site ...> attributes, takes a first
 * look at the page, replaces `window.actionlake` with the API and starts the SDK in the next task
 * (or at the first call or page event, if sooner); then replays the calls queued in
 * `window.actionlake` before it loaded.
 */
import { type ActionLake, type ActionLakeOptions, noopActionLake } from './api';
import { createActionLake, trackable } from './client';
import { type FirstLook, firstLook } from './dom/first-look';
import { loadFields } from './dom/lazy';

type Call = [string, ...unknown[]];
const METHODS = 'track identify page consent reset flush'.split(' '); // a word list: fewer bytes than an array literal

const boot = (): void => {
  const w = window as unknown as { actionlake?: unknown };
  const existing = w.actionlake;
  if (existing && !Array.isArray(existing)) return; // loaded twice: keep the first instance
  const script = (document.currentScript ||
    document.querySelector('script[data-site][src*="sdk.js"]')) as HTMLScriptElement | null;
  if (!script) return;
  const data = script.dataset;
  const collector = data.collector || new URL(script.src, location.href).origin;
  const options: ActionLakeOptions = {
    site: data.site || '',
    collector,
    autocapture: data.autocapture !== 'off',
    consent: data.consent === 'pending' ? 'pending' : 'granted',
    ignoreGpc: data.gpc === 'ignore',
  };
  let api: ActionLake | undefined;
  let look: FirstLook | undefined;
  // NOINLINE keeps createActionLake a function of its own for terser: compiled only when called
  const started = (): ActionLake =>
    api || (api = look ? /* @__NOINLINE__ */ createActionLake(options, () => loadFields(collector), look) : noopActionLake());
  // evaluation only looks at the page and listens (first-look.ts); the SDK starts in the next task
  try {
    if (trackable(options)) look = firstLook(options.site, collector, started);
  } catch {
    // not tracking; the API below is still installed, so the page's own calls never throw
  }
  const call = (name: string, args: unknown[]): unknown => (started()[name as keyof ActionLake] as (...a: unknown[]) => unknown)(...args);
  const run = (c: unknown): void => {
    try {
      if (!Array.isArray(c) || METHODS.indexOf(c[0]) < 0) return;
      const [name, ...args] = c as Call;
      call(name, args);
    } catch {
      // a malformed queued call is ignored
    }
  };
  // Calls queued before the script loaded run in the SDK's start task, not while the script is
  // evaluated; each API method records the page view first (client.ts's `begin`), and a call made
  // after load runs the queued ones first, so the order holds.
  let queued = Array.isArray(existing) ? existing : [];
  const replay = (): void => {
    const calls = queued;
    queued = [];
    calls.forEach(run);
  };
  const facade: Record<string, unknown> = { push: (...calls: unknown[]) => (replay(), calls.forEach(run)) };
  for (const m of [...METHODS, '_debug', '_actions']) facade[m] = (...a: unknown[]) => (replay(), call(m, a));
  w.actionlake = facade;
  setTimeout(() => (started(), replay()), 0);
};

try {
  boot();
} catch {
  // never throw into the host page
}
