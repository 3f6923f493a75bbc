/**
 * sdk-fields.js: readFields (dom/fields.ts, with the price parser) for sdk.js, which loads it from
 * the collector only when a definition of the site maps products or attributes (dom/lazy.ts).
 */
import { readFields } from './dom/fields';
import { FIELDS_GLOBAL } from './dom/lazy';

(window as unknown as Record<string, unknown>)[FIELDS_GLOBAL] = readFields;
