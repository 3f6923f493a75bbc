-- Channel of a visit: Google Analytics 4's default channel group, plus "AI Assistants".
--
-- GA4 decides on three values, source, medium and campaign (rules and order:
-- https://support.google.com/analytics/answer/9756891). A lake row has the page's UTM tags, its ad
-- click ids and the collector's `source` (UTM source, else the click id's network, else the
-- external referrer's host) and `source_type`. So:
--
--   1. al_source / al_medium give the GA4 source and medium of an event: UTM tags first; what they
--      leave empty comes from the click id (gclid, gbraid, wbraid, msclkid, yclid -> cpc;
--      dclid -> display; fbclid, ttclid, li_fat_id, twclid, ... -> paid), else from the referrer
--      (a search engine -> organic, any other site -> referral), else (direct) / (none).
--   2. al_channel_group(source, medium, campaign) applies GA4's rules, in GA4's order, first match
--      wins. "AI Assistants" (not in GA4) sits after the paid channels: unpaid traffic whose source
--      is a chat assistant (chatgpt.com, perplexity.ai, claude.ai, gemini.google.com, ...).
--   3. al_channel(utm_source, utm_medium, utm_campaign, click_id_type, source, source_type) does both,
--      and channel(utm, click_ids, source, source_type, referrer) is the same on a lake row's columns
--      (what `compact` calls for the `channel` column of `events`).
--
-- GA4 keeps long "internal lists" of search, social, video and shopping sites; the lists below are
-- the common ones, as names between | (a regular expression, written out so DuckDB compiles it
-- once): an entry matches the name alone (utm_source=facebook), the name with a top-level domain
-- (facebook.com, google.co.uk) and any subdomain of it (l.facebook.com); a dot in a name is \.
-- Add a site to a list to change where its visits go. Everything is compared in lower case.

-- Sites (names between |, see above) ------------------------------------------------------------------------

CREATE OR REPLACE MACRO al_search_re() AS
  '(?:[a-z0-9-]+\.)*(?:google|bing|yahoo|duckduckgo|baidu|yandex|ecosia|naver|seznam|daum|ask|aol|qwant|startpage|search\.brave|sogou|so|msn|mojeek|kagi|yahoo\.co|search\.aol|onet|rambler|coccoc|petalsearch)(?:\.[a-z]{2,6}){0,2}';

CREATE OR REPLACE MACRO al_social_re() AS
  '(?:[a-z0-9-]+\.)*(?:facebook|fb|fb\.me|m\.me|messenger|instagram|ig|twitter|t\.co|x|linkedin|lnkd\.in|pinterest|pin\.it|reddit|tiktok|snapchat|threads|tumblr|vk|weibo|quora|discord|whatsapp|wechat|line|telegram|t\.me|bsky|bsky\.app|mastodon|meetup|medium|nextdoor|xing|stackoverflow|news\.ycombinator|producthunt)(?:\.[a-z]{2,6}){0,2}';

CREATE OR REPLACE MACRO al_video_re() AS
  '(?:[a-z0-9-]+\.)*(?:youtube|youtu\.be|vimeo|twitch|dailymotion|wistia|netflix|hulu|rumble|bilibili|iqiyi|youku)(?:\.[a-z]{2,6}){0,2}';

CREATE OR REPLACE MACRO al_shopping_re() AS
  '(?:[a-z0-9-]+\.)*(?:amazon|ebay|etsy|walmart|alibaba|aliexpress|mercadolibre|mercadolivre|rakuten|shopify|shopping\.google|shopping\.yahoo|shopzilla|target|wayfair|zalando|temu|shein|allegro|bol|flipkart|igshopping|stripe)(?:\.[a-z]{2,6}){0,2}';

-- Chat assistants whose answers link to sites (not a GA4 channel: ActionLake's addition).
CREATE OR REPLACE MACRO al_ai_assistant_re() AS
  '(?:[a-z0-9-]+\.)*(?:chatgpt|chat\.openai|openai|perplexity|claude|gemini\.google|bard\.google|copilot\.microsoft|copilot\.cloud\.microsoft|copilot|you|poe|phind|meta\.ai|chat\.deepseek|deepseek|grok|chat\.mistral|mistral|character\.ai|pi\.ai|kimi|chat\.qwen)(?:\.[a-z]{2,6}){0,2}';

-- Webmail hosts are referrers, never a search engine or social site (mail.google.com).
CREATE OR REPLACE MACRO al_is_webmail(source) AS list_transform([lower(coalesce(source, ''))], wm ->
  starts_with(wm, 'mail.') OR starts_with(wm, 'webmail.') OR starts_with(wm, 'outlook.') OR starts_with(wm, 'inbox.'))[1];

-- Does `source` name a site of the pattern (see the header: name, name + top-level domain, subdomains)?
CREATE OR REPLACE MACRO al_source_in(source, pattern) AS source IS NOT NULL AND regexp_full_match(lower(source), pattern);

-- GA4's medium patterns ---------------------------------------------------------------------------

CREATE OR REPLACE MACRO al_is_paid_medium(medium) AS regexp_full_match(coalesce(medium, ''), '.*cp.*|ppc|retargeting|paid.*');
CREATE OR REPLACE MACRO al_is_shop_campaign(campaign) AS regexp_full_match(coalesce(campaign, ''), '.*(([^a-df-z]|^)shop|shopping).*');

-- Source and medium of an event ---------------------------------------------------------------------

-- The click id's implied medium when UTM says nothing (auto-tagged ad clicks); other ids imply none.
CREATE OR REPLACE MACRO al_click_id_medium(click_id_type) AS CASE
  WHEN click_id_type IN ('gclid', 'gbraid', 'wbraid', 'msclkid', 'yclid') THEN 'cpc'
  WHEN click_id_type = 'dclid' THEN 'display'
  WHEN click_id_type IN ('fbclid', 'ttclid', 'li_fat_id', 'twclid', 'epik', 'sccid', 'rdt_cid') THEN 'paid'
END;

-- The ad network of a click id, for a source when UTM and referrer say nothing.
CREATE OR REPLACE MACRO al_click_id_source(click_id_type) AS CASE
  WHEN click_id_type IN ('gclid', 'gbraid', 'wbraid', 'dclid') THEN 'google'
  WHEN click_id_type = 'msclkid' THEN 'bing'
  WHEN click_id_type = 'fbclid' THEN 'facebook'
  WHEN click_id_type = 'ttclid' THEN 'tiktok'
  WHEN click_id_type = 'li_fat_id' THEN 'linkedin'
  WHEN click_id_type = 'twclid' THEN 'twitter'
  WHEN click_id_type = 'yclid' THEN 'yandex'
  WHEN click_id_type = 'epik' THEN 'pinterest'
  WHEN click_id_type = 'sccid' THEN 'snapchat'
  WHEN click_id_type = 'rdt_cid' THEN 'reddit'
END;

-- DuckDB macros are expanded in place, so a macro that uses an argument many times copies that
-- argument's whole expression each time. The macros below first bind their arguments once, with
-- list_transform([value], v -> ...)[1] (a "let"), to keep the query plan small.

-- Which of the lists above `source` is on: 'ai', 'shopping', 'search', 'social', 'video' or NULL.
-- A chat assistant wins over the rest (gemini.google.com is no search), shopping over search
-- (shopping.google.com), and webmail (mail.google.com) is on none.
CREATE OR REPLACE MACRO al_source_category(source) AS list_transform([lower(source)], sc_s -> CASE
  WHEN sc_s IS NULL THEN NULL
  WHEN al_source_in(sc_s, al_ai_assistant_re()) THEN 'ai'
  WHEN al_source_in(sc_s, al_shopping_re()) THEN 'shopping'
  WHEN al_is_webmail(sc_s) THEN NULL
  WHEN al_source_in(sc_s, al_search_re()) THEN 'search'
  WHEN al_source_in(sc_s, al_social_re()) THEN 'social'
  WHEN al_source_in(sc_s, al_video_re()) THEN 'video'
END)[1];

-- `source` is the collector's (UTM source, else click id network, else external referrer host).
CREATE OR REPLACE MACRO al_source(utm_source, click_id_type, source) AS
  lower(coalesce(nullif(trim(utm_source), ''), nullif(trim(source), ''), al_click_id_source(click_id_type), '(direct)'));

CREATE OR REPLACE MACRO al_medium(utm_source, utm_medium, click_id_type, source, source_type) AS
  list_transform([{'us': nullif(trim(utm_source), ''), 'um': nullif(trim(utm_medium), ''), 'cid': click_id_type,
                   's': nullif(trim(source), ''), 'st': source_type}], md -> lower(coalesce(
    md.um,
    al_click_id_medium(md.cid),
    CASE
      -- UTM source without medium: GA4 says (not set)
      WHEN md.us IS NOT NULL THEN '(not set)'
      WHEN md.s IS NULL OR md.st = 'direct' THEN '(none)'
      WHEN NOT al_is_webmail(md.s) AND (md.st = 'search' OR al_source_category(md.s) = 'search') THEN 'organic'
      ELSE 'referral'
    END)))[1];

-- GA4's default channel group ---------------------------------------------------------------------

CREATE OR REPLACE MACRO al_channel_group(source, medium, campaign) AS
  list_transform([{'s': lower(coalesce(source, '')), 'm': lower(coalesce(medium, '')), 'c': lower(coalesce(campaign, ''))}], a ->
  list_transform([{'s': a.s, 'm': a.m, 'c': a.c, 'k': al_source_category(a.s),
                   'paid': al_is_paid_medium(a.m), 'shop': al_is_shop_campaign(a.c)}], cg -> CASE
  WHEN cg.s = '(direct)' AND cg.m IN ('(not set)', '(none)') THEN 'Direct'
  WHEN contains(cg.c, 'cross-network') THEN 'Cross-network'
  WHEN (cg.k = 'shopping' OR cg.shop) AND cg.paid THEN 'Paid Shopping'
  WHEN cg.k = 'search' AND cg.paid THEN 'Paid Search'
  WHEN cg.k = 'social' AND cg.paid THEN 'Paid Social'
  WHEN cg.k = 'video' AND cg.paid THEN 'Paid Video'
  WHEN cg.m IN ('display', 'banner', 'expandable', 'interstitial', 'cpm') THEN 'Display'
  WHEN cg.paid THEN 'Paid Other'
  WHEN cg.k = 'ai' THEN 'AI Assistants'
  WHEN cg.k = 'shopping' OR cg.shop THEN 'Organic Shopping'
  WHEN cg.k = 'social' OR cg.m IN ('social', 'social-network', 'social-media', 'sm', 'social network', 'social media') THEN 'Organic Social'
  WHEN cg.k = 'video' OR contains(cg.m, 'video') THEN 'Organic Video'
  WHEN cg.k = 'search' OR cg.m = 'organic' THEN 'Organic Search'
  WHEN cg.m IN ('referral', 'app', 'link') THEN 'Referral'
  WHEN cg.s IN ('email', 'e-mail', 'e_mail', 'e mail') OR cg.m IN ('email', 'e-mail', 'e_mail', 'e mail') THEN 'Email'
  WHEN cg.m IN ('affiliate', 'affiliates') THEN 'Affiliates'
  WHEN cg.m = 'audio' THEN 'Audio'
  WHEN cg.s = 'sms' OR cg.m = 'sms' THEN 'SMS'
  WHEN ends_with(cg.m, 'push') OR contains(cg.m, 'mobile') OR contains(cg.m, 'notification') OR cg.s = 'firebase' THEN 'Mobile Push Notifications'
  ELSE 'Unassigned'
END)[1])[1];

CREATE OR REPLACE MACRO al_channel(utm_source, utm_medium, utm_campaign, click_id_type, source, source_type) AS
  list_transform([{'us': utm_source, 'um': utm_medium, 'uc': utm_campaign, 'cid': click_id_type, 's': source, 'st': source_type}],
    ch -> al_channel_group(al_source(ch.us, ch.cid, ch.s), al_medium(ch.us, ch.um, ch.cid, ch.s, ch.st), ch.uc))[1];

-- Click ids ------------------------------------------------------------------------------------------

-- The known click ids in the order they are looked at: Google's first (an auto-tagged Google Ads
-- click also carries the others' when redirected), then Microsoft, then the social networks.
CREATE OR REPLACE MACRO al_click_id_keys() AS [
  'gclid', 'gbraid', 'wbraid', 'dclid', 'msclkid', 'yclid', 'fbclid', 'ttclid', 'li_fat_id', 'twclid',
  'epik', 'sccid', 'rdt_cid'
];

-- The same as JSON paths, in the same order (json_extract_string wants them written out).
CREATE OR REPLACE MACRO al_click_id_paths() AS [
  '$.gclid', '$.gbraid', '$.wbraid', '$.dclid', '$.msclkid', '$.yclid', '$.fbclid', '$.ttclid', '$.li_fat_id',
  '$.twclid', '$.epik', '$.sccid', '$.rdt_cid'
];

-- Which click id a row carries (`click_ids` is the lake row's JSON object name -> value): the first
-- known one, else the first other name, else NULL.
CREATE OR REPLACE MACRO al_click_id_type(click_ids) AS list_transform([click_ids], ci -> CASE
  WHEN ci IS NULL OR CAST(ci AS VARCHAR) IN ('{}', 'null') THEN NULL
  ELSE coalesce(
    al_click_id_keys()[list_position(
      list_transform(json_extract_string(ci, al_click_id_paths()), v -> coalesce(v, '') <> ''),
      true)],
    list_sort(json_keys(ci))[1])
END)[1];

-- The channel of one lake row. `referrer` is not needed beyond what the collector put in `source`
-- (the external referrer's host) and `source_type`; it stays in the signature for rules of your own.
-- Most events come from nowhere (a reload, the site's own links): those are Direct at once.
CREATE OR REPLACE MACRO channel(utm, click_ids, source, source_type, referrer) AS CASE
  WHEN utm.source IS NULL AND utm.medium IS NULL AND nullif(trim(source), '') IS NULL
   AND (click_ids IS NULL OR CAST(click_ids AS VARCHAR) IN ('{}', 'null')) THEN 'Direct'
  ELSE al_channel(utm.source, utm.medium, utm.campaign, al_click_id_type(click_ids), source, source_type)
END;
