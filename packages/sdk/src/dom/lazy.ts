/**
 * Loads sdk-fields.js (src/fields-chunk.ts) from the collector, the way recorder.js is loaded
 * (addScript, shared with ./recorder.ts): a script element; the chunk leaves its reader in
 * window[FIELDS_GLOBAL]. Rejects when it cannot load (network, CSP).
 */
import type { FieldReader } from './action';

export const FIELDS_FILE = '/sdk-fields.js';
export const FIELDS_GLOBAL = '__actionlakeFields';
/**
 * The content hash of the sdk-fields.js built with this sdk.js (rollup.config.mjs writes it in):
 * its URL changes with each release, so a browser or CDN never pairs a new sdk.js with a cached
 * old sdk-fields.js. The collector serves the file whatever the query.
 */
export const FIELDS_VERSION = '__FIELDS_VERSION__';

export const loadFields = (collector: string): Promise<FieldReader> => {
  const w = window as unknown as Record<string, FieldReader | undefined>;
  return new Promise((resolve, reject) => {
    const done = () => (w[FIELDS_GLOBAL] ? resolve(w[FIELDS_GLOBAL]!) : reject());
    if (w[FIELDS_GLOBAL]) return done();
    const s = addScript(collector, `${FIELDS_FILE}?v=${FIELDS_VERSION}`);
    s.onload = done;
    s.onerror = reject;
  });
};

/** Adds `<script async src="COLLECTOR/file">` to the page (it runs after the current task). */
export const addScript = (collector: string, file: string): HTMLScriptElement => {
  const s = document.createElement('script');
  s.src = collector.replace(/\/+$/, '') + file;
  s.async = true;
  return (document.head || document.documentElement).appendChild(s);
};
