/**
 * ActionLake browser SDK for bundler users:
 *
 *   import { createActionLake } from '@actionlake/sdk';
 *   const actionlake = createActionLake({ site: 'shop', collector: 'https://collect.example.com' });
 *   actionlake.track('Signed up', { plan: 'pro' });
 */
export { createActionLake } from './client';
export type { ActionLake, ActionLakeOptions, ConsentState, DebugInfo } from './api';
