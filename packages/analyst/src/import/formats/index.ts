/** The formats `actionlake import --format` takes, by name (one module each). */
import { contacts } from './contacts';
import { events } from './events';
import type { ImportFormat } from './format';
import { googleAdsOffline } from './google-ads';

export const FORMATS: readonly ImportFormat[] = [contacts, googleAdsOffline, events];

export function formatNamed(name: string): ImportFormat | undefined {
  return FORMATS.find((f) => f.name === name);
}
