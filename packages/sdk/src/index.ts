/**
 * ActionLake browser SDK for bundler users:
 *
 *   import { createActionLake } from '@actionlake/sdk';
 *   const actionlake = createActionLake({ site: 'shop', collector: 'https://collect.example.com' });
 *   actionlake.track('Signed up', { plan: 'pro' });
 */
import type { ActionDefinition } from '@actionlake/schema';
import type { ActionLake, ActionLakeOptions } from './api';
import { createActionLake as create } from './client';
import { type ClickResult, clickWith } from './dom/action';
import { readFields } from './dom/fields';

export type { ActionLake, ActionLakeOptions, ConsentState, DebugInfo } from './api';

/** Starts tracking in this page (see client.ts); field reading is bundled here, not loaded. */
export function createActionLake(options: ActionLakeOptions): ActionLake {
  return create(options, () => Promise.resolve(readFields));
}

/**
 * What sdk.js records for a click on `el`: a matching definition with its fields read from the
 * page, else `Element clicked` (autocapture on), else null. The recorder's test mode shows it.
 */
export function clickEvent(defs: ActionDefinition[], el: Element, path: string, autocapture: boolean): ClickResult | null {
  return clickWith(defs, el, path, autocapture, readFields);
}

// Applying action definitions; the Action Recorder uses the same code for its preview and test mode.
export {
  matchAction, containerOf, all,
  type ActionMatch, type ActionFields, type ClickEvent, type ClickResult,
} from './dom/action';
export { readFields, readValue, splitField, fieldElement } from './dom/fields';
export { clickTarget, describeElement, elementText } from './dom/element';
export { parsePrice, type Price } from './core/price';
export { pathMatches } from './core/glob';
// The Action Recorder's tab: forget it was open, read its visitor id.
export { forgetRecorderTab } from './dom/recorder';
export { loadState } from './store/local';
export type { ActionDefinition, ActionSet, Product, WireEvent } from '@actionlake/schema';
