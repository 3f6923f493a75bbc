/**
 * Loads sdk-fields.js (src/fields-chunk.ts) from the collector, the way recorder.js is loaded:
 * a script element; the chunk leaves its reader in window[FIELDS_GLOBAL]. Rejects when it
 * cannot load (network, CSP).
 */
import type { FieldReader } from './action';

export const FIELDS_FILE = '/sdk-fields.js';
export const FIELDS_GLOBAL = '__actionlakeFields';

export function loadFields(collector: string): Promise<FieldReader> {
  const w = window as unknown as Record<string, FieldReader | undefined>;
  return new Promise((resolve, reject) => {
    const done = () => (w[FIELDS_GLOBAL] ? resolve(w[FIELDS_GLOBAL]!) : reject());
    if (w[FIELDS_GLOBAL]) return done();
    const s = document.createElement('script');
    s.src = collector.replace(/\/+$/, '') + FIELDS_FILE;
    s.async = true;
    s.onload = done;
    s.onerror = reject;
    (document.head || document.documentElement).appendChild(s);
  });
}
