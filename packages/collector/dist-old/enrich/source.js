"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CLICK_ID_NETWORKS = void 0;
exports.classifySource = classifySource;
/** Paid click ids and the network each belongs to, in priority order. */
exports.CLICK_ID_NETWORKS = {
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
function hostOf(url) {
    if (!url)
        return null;
    try {
        const h = new URL(url).hostname.toLowerCase();
        return h ? h.replace(/^www\./, '') : null;
    }
    catch {
        return null;
    }
}
const isSocialHost = (h) => SOCIAL_HOSTS.some((d) => h === d || h.endsWith(`.${d}`));
const isSearchHost = (h) => SEARCH_HOSTS.some((re) => re.test(h));
function classifySource(input) {
    const medium = input.utm?.medium?.trim().toLowerCase() ?? '';
    const clickId = Object.keys(exports.CLICK_ID_NETWORKS).find((k) => input.click_ids?.[k]);
    const refHost = hostOf(input.referrer);
    const pageHost = hostOf(input.pageUrl);
    const external = refHost !== null && refHost !== pageHost ? refHost : null;
    const source = input.utm?.source?.trim() || (clickId ? exports.CLICK_ID_NETWORKS[clickId] : null) || external;
    let type;
    if (clickId || PAID_MEDIUM.test(medium))
        type = 'paid';
    else if (medium === 'email' || medium === 'e-mail' || medium === 'newsletter')
        type = 'email';
    else if (medium === 'social' || (external && isSocialHost(external)))
        type = 'social';
    else if (medium === 'organic' || (external && isSearchHost(external)))
        type = 'search';
    else if (external || medium === 'referral')
        type = 'referral';
    else
        type = 'direct';
    return { source: source || null, source_type: type };
}
