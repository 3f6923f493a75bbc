/**
 * Marketing source of a visit (a row's `source` and `source_type`): from UTM tags, ad click ids and
 * the referrer. In `@actionlake/schema/node` because the collector's enricher and `actionlake
 * import` (whose offline conversions carry a click id) both stamp rows with it: one rule.
 */
import type { SourceType, Utm } from '../index';

/** Ad click ids and the network each belongs to, in priority order. */
export const CLICK_ID_NETWORKS: Record<string, string> = {
  gclid: 'google', gbraid: 'google', wbraid: 'google', dclid: 'google',
  fbclid: 'facebook', msclkid: 'bing', ttclid: 'tiktok', li_fat_id: 'linkedin',
  twclid: 'twitter', yclid: 'yandex',
};
/**
 * The click ids a network adds to its ads alone (contract §7): only these make a visit paid.
 * Meta adds fbclid to every outbound link, organic posts included, so fbclid names the network
 * (the source) but not the kind of visit; yclid likewise.
 */
const PAID_CLICK_IDS = new Set(['gclid', 'gbraid', 'wbraid', 'dclid', 'msclkid', 'ttclid', 'li_fat_id', 'twclid']);
/** what a visit with only an unpaid click id is, by the network's kind */
const UNPAID_CLICK_ID_TYPES: Record<string, SourceType> = { fbclid: 'social', yclid: 'search' };

const SOCIAL_HOSTS = [
  'facebook.com', 'fb.com', 'fb.me', 'instagram.com', 't.co', 'twitter.com', 'x.com', 'linkedin.com', 'lnkd.in',
  'tiktok.com', 'reddit.com', 'youtube.com', 'youtu.be', 'pinterest.com', 'pin.it',
];
/**
 * The engines' search hosts themselves (www. is already gone): another host of the same company
 * (docs.google.com, mail.yandex.ru is a search source only on the analyst's GA4 list) is a referral
 * here. The analyst's channel rule (sql/macros/channel.sql) is the full GA4 rule; this is the lake
 * row's coarse `source_type`.
 */
const SEARCH_HOSTS = [/^google\.[a-z]{2,3}(\.[a-z]{2})?$/, /^(cn\.)?bing\.com$/, /^(html\.)?duckduckgo\.com$/,
  /^([a-z]{2}\.)?search\.yahoo\.com$/, /^(m\.)?baidu\.com$/, /^yandex\.[a-z]{2,3}$/, /^ecosia\.org$/];

const PAID_MEDIUM = /^(cpc|ppc|cpm|display|paid.*)$/;

export interface SourceInput {
  utm?: Utm;
  click_ids?: Record<string, string>;
  referrer?: string;
  pageUrl?: string;
}

function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const h = new URL(url).hostname.toLowerCase();
    return h ? h.replace(/^www\./, '') : null;
  } catch {
    return null;
  }
}

/** hostOf remembering its last answer: the events of a batch mostly share their page and referrer */
function lastHostMemo(): (url: string | undefined) => string | null {
  let lastUrl: string | undefined;
  let lastHost: string | null = null;
  return (url) => {
    if (url !== lastUrl) {
      lastHost = hostOf(url);
      lastUrl = url;
    }
    return lastHost;
  };
}
const referrerHost = lastHostMemo();
const pageHost = lastHostMemo();

/** the click ids, once (Object.keys made an array per event) */
const CLICK_IDS = Object.keys(CLICK_ID_NETWORKS);

const isSocialHost = (h: string) => SOCIAL_HOSTS.some((d) => h === d || h.endsWith(`.${d}`));
const isSearchHost = (h: string) => SEARCH_HOSTS.some((re) => re.test(h));

export function classifySource(input: SourceInput): { source: string | null; source_type: SourceType } {
  const medium = input.utm?.medium?.trim().toLowerCase() ?? '';
  const clickId = CLICK_IDS.find((k) => input.click_ids?.[k]);
  const refHost = referrerHost(input.referrer);
  const external = refHost !== null && refHost !== pageHost(input.pageUrl) ? refHost : null;

  const source = input.utm?.source?.trim() || (clickId ? CLICK_ID_NETWORKS[clickId] : null) || external;

  let type: SourceType;
  if ((clickId && PAID_CLICK_IDS.has(clickId)) || PAID_MEDIUM.test(medium)) type = 'paid';
  else if (medium === 'email' || medium === 'e-mail' || medium === 'newsletter') type = 'email';
  else if (medium === 'social' || (external && isSocialHost(external))) type = 'social';
  else if (medium === 'organic' || (external && isSearchHost(external))) type = 'search';
  else if (external || medium === 'referral') type = 'referral';
  else if (clickId) type = UNPAID_CLICK_ID_TYPES[clickId];
  else type = 'direct';
  return { source: source || null, source_type: type };
}
