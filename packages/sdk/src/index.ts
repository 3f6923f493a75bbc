/**
 * ActionLake browser SDK for bundler users:
 *
 *   import { createActionLake } from '@actionlake/sdk';
 *   const actionlake = createActionLake({ site: 'shop', collector: 'https://collect.example.com' });
 *   actionlake.track('Signed up', { plan: 'pro' });
 */
export { createActionLake } from './client';
export type { ActionLake, ActionLakeOptions, ConsentState, DebugInfo } from './api';

// Applying action definitions; the Action Recorder uses the same code for its preview and test mode.
export {
  clickEvent, matchAction, readFields, readValue, containerOf, all, splitField, fieldElement,
  type ActionMatch, type ActionFields, type ClickEvent, type ClickResult,
} from './dom/action';
export { clickTarget, describeElement, elementText } from './dom/element';
export { parsePrice, type Price } from './core/price';
export { pathMatches } from './core/glob';
export type { ActionDefinition, ActionSet, Product, WireEvent } from '@actionlake/schema';
