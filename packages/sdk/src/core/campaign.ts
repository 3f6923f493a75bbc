/**
 * The campaign a visitor landed with: utm_* parameters and ad click ids of the landing URL, kept
 * with the session (core/session.ts) and attached to every event of it, as Segment and GA4 do.
 * Pure: a URL string in, a Campaign out.
 */
import type { Utm } from '@actionlake/schema';
import { cut } from './cut';
import { attempt } from './safe';

/** The marketing context a visitor landed with: utm_* parameters and ad click ids. */
export interface Campaign {
  utm: Utm;
  click_ids: Record<string, string>;
}

// word lists as one string split at spaces: fewer bytes in sdk.js than an array literal
const UTM_KEYS = 'source medium campaign term content'.split(' ') as readonly (keyof Utm)[];

/** Ad-platform click ids, kept verbatim (the collector uses them for source_type). */
const CLICK_ID_KEYS = 'gclid gbraid wbraid dclid fbclid msclkid ttclid li_fat_id twclid yclid epik rdt_cid sccid irclickid'.split(' ');

const MAX_VALUE = 500;

export const emptyCampaign = (): Campaign => {
  return { utm: {}, click_ids: {} };
};

/** Reads utm_* and click ids from a URL string. Unparsable URLs give an empty campaign. */
export const parseCampaign = (url: string): Campaign => {
  const c = emptyCampaign();
  const params = attempt(() => new URL(url).searchParams);
  if (!params) return c;
  params.forEach((raw, name) => {
    const key = name.toLowerCase();
    const value = cut(raw.trim(), MAX_VALUE);
    if (!value) return;
    if (key.slice(0, 4) === 'utm_') {
      const k = key.slice(4) as keyof Utm;
      if ((UTM_KEYS as readonly string[]).indexOf(k) >= 0 && !c.utm[k]) c.utm[k] = value;
    } else if (CLICK_ID_KEYS.indexOf(key) >= 0 && !c.click_ids[key]) {
      c.click_ids[key] = value;
    }
  });
  return c;
};

export const hasCampaign = (c: Campaign): boolean => {
  return campaignKey(c) !== '';
};

/** A stable string identifying a campaign; '' for none. */
export const campaignKey = (c: Campaign): string => {
  const parts: string[] = [];
  for (const k of UTM_KEYS) if (c.utm[k]) parts.push('utm_' + k + '=' + c.utm[k]);
  for (const k of Object.keys(c.click_ids).sort()) parts.push(k + '=' + c.click_ids[k]);
  return parts.join('&');
};
