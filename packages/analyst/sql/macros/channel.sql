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
-- the common ones, as names: an entry matches the name alone (utm_source=facebook), the name with a
-- top-level domain (facebook.com, google.co.uk) and any subdomain of it (l.facebook.com). Add a
-- site to a list to change where its visits go. Everything is compared in lower case.

-- Sites (names, see above) ------------------------------------------------------------------------

CREATE OR REPLACE MACRO al_search_sites() AS [
  'google', 'bing', 'yahoo', 'duckduckgo', 'baidu', 'yandex', 'ecosia', 'naver', 'seznam', 'daum',
  'ask', 'aol', 'qwant', 'startpage', 'search.brave', 'sogou', 'so', 'msn', 'mojeek',
  'kagi', 'yahoo.co', 'search.aol', 'onet', 'rambler', 'coccoc', 'petalsearch'
];

CREATE OR REPLACE MACRO al_social_sites() AS [
  'facebook', 'fb', 'fb.me', 'm.me', 'messenger', 'instagram', 'ig', 'twitter', 't.co', 'x',
  'linkedin', 'lnkd.in', 'pinterest', 'pin.it', 'reddit', 'tiktok', 'snapchat', 'threads',
  'tumblr', 'vk', 'weibo', 'quora', 'discord', 'whatsapp', 'wechat', 'line', 'telegram', 't.me',
  'bsky', 'bsky.app', 'mastodon', 'meetup', 'medium', 'nextdoor', 'xing', 'stackoverflow',
  'news.ycombinator', 'producthunt'
];

CREATE OR REPLACE MACRO al_video_sites() AS [
  'youtube', 'youtu.be', 'vimeo', 'twitch', 'dailymotion', 'wistia', 'netflix', 'hulu', 'rumble',
  'bilibili', 'iqiyi', 'youku'
];

CREATE OR REPLACE MACRO al_shopping_sites() AS [
  'amazon', 'ebay', 'etsy', 'walmart', 'alibaba', 'aliexpress', 'mercadolibre', 'mercadolivre',
  'rakuten', 'shopify', 'shopping.google', 'shopping.yahoo', 'shopzilla', 'target', 'wayfair',
  'zalando', 'temu', 'shein', 'allegro', 'bol', 'flipkart', 'igshopping', 'stripe'
];

-- Chat assistants whose answers link to sites (not a GA4 channel: ActionLake's addition).
CREATE OR REPLACE MACRO al_ai_assistant_sites() AS [
  'chatgpt', 'chat.openai', 'openai', 'perplexity', 'claude', 'gemini.google', 'bard.google',
  'copilot.microsoft', 'copilot.cloud.microsoft', 'copilot', 'you', 'poe', 'phind', 'meta.ai',
  'chat.deepseek', 'deepseek', 'grok', 'chat.mistral', 'mistral', 'character.ai', 'pi.ai',
  'kimi', 'chat.qwen', 'huggingface.co/chat'
];

-- Webmail hosts are referrers, never a search engine or social site (mail.google.com).
CREATE OR REPLACE MACRO al_is_webmail(source) AS regexp_matches(lower(coalesce(source, '')), '^(mail|webmail|outlook|inbox)\.');

-- Does `source` name one of `sites`? (see the header: name, name + top-level domain, subdomains)
CREATE OR REPLACE MACRO al_source_in(source, sites) AS
  source IS NOT NULL
  AND regexp_full_match(
    lower(source),
    '(?:[a-z0-9-]+\.)*(?:' || array_to_string(list_transform(sites, s -> replace(s, '.', '\.')), '|') || ')(?:\.[a-z]{2,6}){0,2}'
  );

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

-- `source` is the collector's (UTM source, else click id network, else external referrer host).
CREATE OR REPLACE MACRO al_source(utm_source, click_id_type, source) AS
  lower(coalesce(nullif(trim(utm_source), ''), nullif(trim(source), ''), al_click_id_source(click_id_type), '(direct)'));

CREATE OR REPLACE MACRO al_medium(utm_source, utm_medium, click_id_type, source, source_type) AS
  lower(coalesce(
    nullif(trim(utm_medium), ''),
    al_click_id_medium(click_id_type),
    CASE
      -- UTM source without medium: GA4 says (not set)
      WHEN nullif(trim(utm_source), '') IS NOT NULL THEN '(not set)'
      WHEN NOT al_is_webmail(source) AND (source_type = 'search' OR (source_type <> 'direct' AND al_source_in(source, al_search_sites()))) THEN 'organic'
      WHEN nullif(trim(source), '') IS NOT NULL AND source_type <> 'direct' THEN 'referral'
      ELSE '(none)'
    END));

-- GA4's default channel group ---------------------------------------------------------------------

CREATE OR REPLACE MACRO al_channel_group(source, medium, campaign) AS CASE
  WHEN lower(source) = '(direct)' AND lower(medium) IN ('(not set)', '(none)') THEN 'Direct'
  WHEN contains(lower(coalesce(campaign, '')), 'cross-network') THEN 'Cross-network'
  WHEN (al_source_in(source, al_shopping_sites()) OR al_is_shop_campaign(lower(campaign))) AND al_is_paid_medium(lower(medium)) THEN 'Paid Shopping'
  WHEN al_source_in(source, al_search_sites()) AND al_is_paid_medium(lower(medium)) THEN 'Paid Search'
  WHEN al_source_in(source, al_social_sites()) AND al_is_paid_medium(lower(medium)) THEN 'Paid Social'
  WHEN al_source_in(source, al_video_sites()) AND al_is_paid_medium(lower(medium)) THEN 'Paid Video'
  WHEN lower(medium) IN ('display', 'banner', 'expandable', 'interstitial', 'cpm') THEN 'Display'
  WHEN al_is_paid_medium(lower(medium)) THEN 'Paid Other'
  WHEN al_source_in(source, al_ai_assistant_sites()) THEN 'AI Assistants'
  WHEN al_source_in(source, al_shopping_sites()) OR al_is_shop_campaign(lower(campaign)) THEN 'Organic Shopping'
  WHEN (al_source_in(source, al_social_sites()) AND NOT al_is_webmail(source))
    OR lower(medium) IN ('social', 'social-network', 'social-media', 'sm', 'social network', 'social media') THEN 'Organic Social'
  WHEN al_source_in(source, al_video_sites()) OR regexp_full_match(lower(coalesce(medium, '')), '.*video.*') THEN 'Organic Video'
  WHEN (al_source_in(source, al_search_sites()) AND NOT al_is_webmail(source))
    OR lower(medium) = 'organic' THEN 'Organic Search'
  WHEN lower(medium) IN ('referral', 'app', 'link') THEN 'Referral'
  WHEN lower(source) IN ('email', 'e-mail', 'e_mail', 'e mail') OR lower(medium) IN ('email', 'e-mail', 'e_mail', 'e mail') THEN 'Email'
  WHEN lower(medium) IN ('affiliate', 'affiliates') THEN 'Affiliates'
  WHEN lower(medium) = 'audio' THEN 'Audio'
  WHEN lower(source) = 'sms' OR lower(medium) = 'sms' THEN 'SMS'
  WHEN ends_with(lower(medium), 'push') OR contains(lower(medium), 'mobile') OR contains(lower(medium), 'notification') OR lower(source) = 'firebase' THEN 'Mobile Push Notifications'
  ELSE 'Unassigned'
END;

CREATE OR REPLACE MACRO al_channel(utm_source, utm_medium, utm_campaign, click_id_type, source, source_type) AS
  al_channel_group(
    al_source(utm_source, click_id_type, source),
    al_medium(utm_source, utm_medium, click_id_type, source, source_type),
    lower(utm_campaign));

-- Click ids ------------------------------------------------------------------------------------------

-- The known click ids in the order they are looked at: Google's first (an auto-tagged Google Ads
-- click also carries the others' when redirected), then Microsoft, then the social networks.
CREATE OR REPLACE MACRO al_click_id_keys() AS [
  'gclid', 'gbraid', 'wbraid', 'dclid', 'msclkid', 'yclid', 'fbclid', 'ttclid', 'li_fat_id', 'twclid',
  'epik', 'sccid', 'rdt_cid'
];

-- Which click id a row carries (`click_ids` is the lake row's JSON object name -> value): the first
-- known one, else the first other name, else NULL.
CREATE OR REPLACE MACRO al_click_id_type(click_ids) AS CASE
  WHEN click_ids IS NULL OR CAST(click_ids AS VARCHAR) IN ('{}', 'null') THEN NULL
  ELSE coalesce(
    al_click_id_keys()[list_position(
      list_transform(json_extract_string(click_ids, list_transform(al_click_id_keys(), k -> '$.' || k)), v -> coalesce(v, '') <> ''),
      true)],
    list_sort(json_keys(click_ids))[1])
END;

-- The channel of one lake row. `referrer` is not needed beyond what the collector put in `source`
-- (the external referrer's host) and `source_type`; it stays in the signature for rules of your own.
-- Most events come from nowhere (a reload, the site's own links): those are Direct at once.
CREATE OR REPLACE MACRO channel(utm, click_ids, source, source_type, referrer) AS CASE
  WHEN utm.source IS NULL AND utm.medium IS NULL AND nullif(trim(source), '') IS NULL
   AND (click_ids IS NULL OR CAST(click_ids AS VARCHAR) IN ('{}', 'null')) THEN 'Direct'
  ELSE al_channel(utm.source, utm.medium, utm.campaign, al_click_id_type(click_ids), source, source_type)
END;
