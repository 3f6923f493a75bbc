/**
 * The consent state every event carries (contract §8). One rule, pure, so the page (visitor.ts)
 * and the tests agree on it.
 */
import type { ConsentInfo } from '@actionlake/schema';

/**
 * The consent a page starts with (contract §8): the answer the site gave (on an earlier page: kept
 * per site in localStorage), else denied when the browser sends Global Privacy Control and the site
 * honours it, else what the script tag says (`data-consent="pending"`, or granted).
 */
export const initialConsent = (answer: string | null | undefined, pending: boolean, gpc: boolean, honourGpc: boolean): ConsentInfo => {
  const [state, source] = answer === 'granted' || answer === 'denied'
    ? [answer, 'site'] as const
    : gpc && honourGpc ? ['denied', 'gpc'] as const : [pending ? 'pending' : 'granted', 'default'] as const;
  return { state, gpc, source };
};
