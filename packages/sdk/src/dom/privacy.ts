/** What the page says about privacy and automation: the stored consent answer, GPC, bot signals. */
import { attempt } from '../core/safe';
import { recorderInTab } from './recorder';

const KEY = 'actionlake_consent_';

/** The site's consent answer from an earlier page; null (or undefined: storage blocked) when none. */
export const storedConsent = (site: string): string | null | undefined => attempt(() => localStorage.getItem(KEY + site));

/** Blocked storage: the answer holds for this page only. */
export const storeConsent = (site: string, state: string): void => void attempt(() => localStorage.setItem(KEY + site, state));

/** Global Privacy Control (navigator.globalPrivacyControl === true). */
export const gpcOn = (): boolean => (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true;

/**
 * Automation markers, sent with every event for the collector's `bot` verdict; undefined: none.
 * `recorder`: the Action Recorder is open in this tab, so the clicks are a marketer's tests.
 */
export const botSignals = (): string[] | undefined => {
  const s: string[] = [];
  if (navigator.webdriver) s.push('webdriver');
  if (/headless/i.test(navigator.userAgent)) s.push('headless');
  if (recorderInTab()) s.push('recorder');
  return s.length ? s : undefined;
};
