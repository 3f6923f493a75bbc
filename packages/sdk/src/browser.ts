/**
 * The script-tag entry (dist/sdk.js): reads the <script data-site ...> attributes, starts the SDK,
 * replays the calls queued in `window.actionlake` before it loaded, and replaces that array with
 * the API.
 */
import type { ActionLake } from './api';
import { createActionLake } from './client';
import { loadFields } from './dom/lazy';

type Call = [string, ...unknown[]];
const METHODS = ['track', 'identify', 'page', 'consent', 'reset', 'flush'];

function boot(): void {
  const w = window as unknown as { actionlake?: unknown };
  const existing = w.actionlake;
  if (existing && !Array.isArray(existing)) return; // loaded twice: keep the first instance
  const script = (document.currentScript ||
    document.querySelector('script[data-site][src*="sdk.js"]')) as HTMLScriptElement | null;
  if (!script) return;
  const data = script.dataset;
  const collector = data.collector || new URL(script.src, location.href).origin;
  const api = createActionLake({
    site: data.site || '',
    collector,
    autocapture: data.autocapture !== 'off',
    consent: data.consent === 'pending' ? 'pending' : 'granted',
    ignoreGpc: data.gpc === 'ignore',
  }, () => loadFields(collector));
  const run = (call: unknown): void => {
    try {
      if (!Array.isArray(call) || METHODS.indexOf(call[0]) < 0) return;
      const [name, ...args] = call as Call;
      (api[name as keyof ActionLake] as (...a: unknown[]) => unknown)(...args);
    } catch {
      // a malformed queued call is ignored
    }
  };
  // Calls queued before the script loaded run in a task after the page view's (client.ts), not
  // while the script is evaluated; a call made after load runs them first, so the order holds.
  let queued = Array.isArray(existing) ? existing : [];
  const replay = (): void => {
    const calls = queued;
    queued = [];
    calls.forEach(run);
  };
  const facade: Record<string, unknown> = { push: (...calls: unknown[]) => (replay(), calls.forEach(run)) };
  for (const m of METHODS) facade[m] = (...a: unknown[]) => (replay(), (api[m as keyof ActionLake] as (...x: unknown[]) => unknown)(...a));
  facade._debug = api._debug;
  w.actionlake = facade;
  setTimeout(replay, 0);
}

try {
  boot();
} catch {
  // never throw into the host page
}
