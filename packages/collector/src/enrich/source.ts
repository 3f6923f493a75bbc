/** Marketing source of a visit: from UTM tags, ad click ids and the referrer. */
import type { SourceType, Utm } from '@actionlake/schema';

/** Paid click ids and the network each belongs to, in priority order. */
export const CLICK_ID_NETWORKS: Record<string, string> = {
  gclid: 'google', gbraid: 'google', wbraid: 'google', dclid: 'google',
  fbclid: 'facebook', msclkid: 'bing', ttclid: 'tiktok', li_fat_id: 'linkedin',
  twclid: 'twitter', yclid: 'yandex',
};

const SOCIAL_HOSTS = [
  'facebook.com', 'fb.com', 'fb.me', 'instagram.com', 't.co', 'twitter.com', 'x.com', 'linkedin.com', 'lnkd.in',
  'tiktok.com', 'reddit.com', 'youtube.com', 'youtu.be', 'pinterest.com', 'pin.it',
];
const SEARCH_HOSTS = [/(^|\.)google\.[a-z]{2,3}(\.[a-z]{2})?$/, /(^|\.)bing\.com$/, /(^|\.)duckduckgo\.com$/,
  /(^|\.)yahoo\.com$/, /(^|\.)baidu\.com$/, /(^|\.)yandex\.[a-z]{2,3}$/, /(^|\.)ecosia\.org$/];

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
  if (clickId || PAID_MEDIUM.test(medium)) type = 'paid';
  else if (medium === 'email' || medium === 'e-mail' || medium === 'newsletter') type = 'email';
  else if (medium === 'social' || (external && isSocialHost(external))) type = 'social';
  else if (medium === 'organic' || (external && isSearchHost(external))) type = 'search';
  else if (external || medium === 'referral') type = 'referral';
  else type = 'direct';
  return { source: source || null, source_type: type };
}
