-- Channel of a visit: Google Analytics 4's default channel group, with Google's own list of search,
-- social, shopping and video sites, plus "AI Assistants".
--
-- GA4 decides on three values, source, medium and campaign (rules and order:
-- https://support.google.com/analytics/answer/9756891). A lake row has the page's UTM tags, its ad
-- click ids and the collector's `source` (UTM source, else the click id's network, else the
-- external referrer's host, without www.) and `source_type`. So:
--
--   1. al_source / al_medium give the GA4 source and medium of an event. Google's own click ids
--      (gclid, gbraid, wbraid -> google / cpc; dclid -> google / display) win over UTM tags, as
--      Google Ads auto-tagging does in GA4. Otherwise UTM tags first; what they leave empty comes
--      from another ad click id (msclkid -> cpc; ttclid, li_fat_id, twclid -> paid: ids those
--      networks add to ads alone), else from the referrer (a search site -> organic, any other site
--      -> referral), else (direct) / (none). Click ids that are also added to unpaid links (fbclid:
--      Meta adds it to organic posts too) and ids contract §7 does not name imply no medium.
--   2. al_channel_group(source, medium, campaign) applies GA4's rules, in GA4's order, first match
--      wins. "AI Assistants" (not in GA4) sits after the paid channels: unpaid traffic whose source
--      is a chat assistant (chatgpt.com, perplexity.ai, claude.ai, gemini.google.com, ...).
--   3. al_channel(utm_source, utm_medium, utm_campaign, click_id_type, source, source_type) does both,
--      and channel(utm, click_ids, source, source_type, referrer) is the same on a lake row's columns
--      (what `compact` calls for the `channel` column of `events`).
--
-- "Source matches a list of search (social, shopping, video) sites" is a lookup in Google's
-- published list (~800 sources: channel_sources.sql, table al_source_categories), never a match on
-- part of a name (docs.google.com is not a search site, www.notion.so is no `so`). A source is
-- looked up under these keys, the first found wins (al_source_keys):
--   1. the source as written, in lower case: utm_source=facebook, shopping.naver.com, mail.yandex.ru;
--   2. that host without www.;
--   3. the host's registrable domain, by the Public Suffix List (channel_suffixes.sql):
--      web.facebook.com -> facebook.com, de.search.yahoo.com -> yahoo.com (not on the list);
--   4. when the host is a registrable domain itself, its name: google.co.uk -> google, bing.com ->
--      bing, as GA4 names a search engine's visits (google / organic). docs.google.com is not a
--      registrable domain, so it stays a referral, like any site of Google's that is not on the list.
-- Chat assistants are ActionLake's own short list below (category 'ai'), matched the same way.
-- Everything is compared in lower case.

-- The lists ---------------------------------------------------------------------------------------

-- Filled by channel_sources.sql (Google's list) and by the chat assistants below. A source on two
-- lists would be an error: the key is unique.
CREATE OR REPLACE TABLE al_source_categories (source VARCHAR PRIMARY KEY, category VARCHAR NOT NULL);
-- Filled by channel_suffixes.sql.
CREATE OR REPLACE TABLE al_public_suffixes (suffix VARCHAR PRIMARY KEY);

-- Chat assistants whose answers link to sites (not a GA4 channel: ActionLake's addition). Add a
-- host here to count its visits as AI Assistants.
INSERT INTO al_source_categories (source, category)
SELECT unnest([
  'chatgpt.com', 'chat.openai.com', 'perplexity.ai', 'claude.ai', 'gemini.google.com', 'bard.google.com',
  'copilot.microsoft.com', 'copilot.cloud.microsoft', 'you.com', 'poe.com', 'phind.com', 'meta.ai',
  'chat.deepseek.com', 'grok.com', 'chat.mistral.ai', 'character.ai', 'pi.ai', 'kimi.com', 'chat.qwen.ai'
]), 'ai';

-- Matching a source against the lists -------------------------------------------------------------

-- Every suffix of a host, longest first: a.b.co.uk -> [a.b.co.uk, b.co.uk, co.uk, uk].
CREATE OR REPLACE MACRO al_suffixes(host) AS
  list_transform(range(1, len(string_split(host, '.')) + 1), i -> array_to_string(string_split(host, '.')[i:], '.'));

-- The registrable domain of a host: its public suffix (the longest suffix on the Public Suffix
-- List, else its last label) and one label more; NULL when the host is a public suffix itself.
CREATE OR REPLACE MACRO al_registrable_domain(host) AS (
  SELECT CASE WHEN len(labels) > suffix_labels THEN array_to_string(labels[-(suffix_labels + 1):], '.') END
  FROM (SELECT string_split(host, '.') AS labels,
               coalesce((SELECT max(len(string_split(p.suffix, '.')))
                         FROM (SELECT unnest(al_suffixes(host)) AS suffix) s
                         JOIN al_public_suffixes p ON p.suffix = s.suffix), 1) AS suffix_labels));

-- The keys `source` is looked up under, most specific first (see the header).
CREATE OR REPLACE MACRO al_source_keys(source) AS (
  SELECT [src, host, domain, CASE WHEN host = domain THEN split_part(domain, '.', 1) END]
  FROM (SELECT src, host, al_registrable_domain(host) AS domain
        FROM (SELECT lower(trim(source)) AS src, regexp_replace(lower(trim(source)), '^www\.', '') AS host)));

-- Which list `source` is on: 'search', 'social', 'shopping', 'video', 'ai' or NULL.
CREATE OR REPLACE MACRO al_source_category(source) AS (
  SELECT arg_min(l.category, k.rank)
  FROM (SELECT unnest(keys) AS key, generate_subscripts(keys, 1) AS rank FROM (SELECT al_source_keys(source) AS keys)) k
  JOIN al_source_categories l ON l.source = k.key);

-- GA4's medium patterns ---------------------------------------------------------------------------

CREATE OR REPLACE MACRO al_is_paid_medium(medium) AS regexp_full_match(coalesce(medium, ''), '.*cp.*|ppc|retargeting|paid.*');
CREATE OR REPLACE MACRO al_is_shop_campaign(campaign) AS regexp_full_match(coalesce(campaign, ''), '.*(([^a-df-z]|^)shop|shopping).*');

-- Source and medium of an event ---------------------------------------------------------------------

-- Google's click ids: with auto-tagging, GA4 takes source and medium from them, whatever the UTM tags say.
CREATE OR REPLACE MACRO al_is_google_click_id(click_id_type) AS click_id_type IN ('gclid', 'gbraid', 'wbraid', 'dclid');

-- The medium a click id implies where UTM tags name none: only ids a network adds to its ads alone.
CREATE OR REPLACE MACRO al_click_id_medium(click_id_type) AS CASE
  WHEN click_id_type IN ('gclid', 'gbraid', 'wbraid', 'msclkid') THEN 'cpc'
  WHEN click_id_type = 'dclid' THEN 'display'
  WHEN click_id_type IN ('ttclid', 'li_fat_id', 'twclid') THEN 'paid'
END;

-- The network of a click id, for a source when UTM and referrer say nothing.
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
-- list_transform([value], v -> ...)[1] (a "let") or a one-row subquery, to keep the query plan small
-- (a struct in such a "let" fails to bind inside a subquery: DuckDB 1.5).

-- `source` is the collector's (UTM source, else click id network, else external referrer host).
CREATE OR REPLACE MACRO al_source(utm_source, click_id_type, source) AS
  list_transform([click_id_type], sc -> lower(CASE
    WHEN al_is_google_click_id(sc) THEN al_click_id_source(sc)
    ELSE coalesce(nullif(trim(utm_source), ''), nullif(trim(source), ''), al_click_id_source(sc), '(direct)')
  END))[1];

-- The medium from tags alone: Google's click id, else utm_medium, else another paid click id; a UTM
-- source without medium is (not set), as in GA4. NULL when the tags say nothing (then the referrer decides).
CREATE OR REPLACE MACRO al_tagged_medium(utm_source, utm_medium, click_id_type) AS
  list_transform([click_id_type], tm -> lower(CASE
    WHEN al_is_google_click_id(tm) THEN al_click_id_medium(tm)
    ELSE coalesce(nullif(trim(utm_medium), ''), al_click_id_medium(tm), CASE WHEN nullif(trim(utm_source), '') IS NOT NULL THEN '(not set)' END)
  END))[1];

CREATE OR REPLACE MACRO al_medium(utm_source, utm_medium, click_id_type, source, source_type) AS coalesce(
  al_tagged_medium(utm_source, utm_medium, click_id_type),
  (SELECT CASE
     WHEN s IS NULL OR source_type = 'direct' THEN '(none)'
     WHEN al_source_category(s) = 'search' THEN 'organic'
     ELSE 'referral'
   END FROM (SELECT nullif(trim(source), '') AS s)));

-- GA4's default channel group ---------------------------------------------------------------------

CREATE OR REPLACE MACRO al_channel_group(source, medium, campaign) AS (
  SELECT CASE
    WHEN s = '(direct)' AND m IN ('(not set)', '(none)') THEN 'Direct'
    WHEN contains(c, 'cross-network') THEN 'Cross-network'
    WHEN (k = 'shopping' OR shop) AND paid THEN 'Paid Shopping'
    WHEN k = 'search' AND paid THEN 'Paid Search'
    WHEN k = 'social' AND paid THEN 'Paid Social'
    WHEN k = 'video' AND paid THEN 'Paid Video'
    WHEN m IN ('display', 'banner', 'expandable', 'interstitial', 'cpm') THEN 'Display'
    WHEN paid THEN 'Paid Other'
    WHEN k = 'ai' THEN 'AI Assistants'
    WHEN k = 'shopping' OR shop THEN 'Organic Shopping'
    WHEN k = 'social' OR m IN ('social', 'social-network', 'social-media', 'sm', 'social network', 'social media') THEN 'Organic Social'
    WHEN k = 'video' OR contains(m, 'video') THEN 'Organic Video'
    WHEN k = 'search' OR m = 'organic' THEN 'Organic Search'
    WHEN m IN ('referral', 'app', 'link') THEN 'Referral'
    WHEN s IN ('email', 'e-mail', 'e_mail', 'e mail') OR m IN ('email', 'e-mail', 'e_mail', 'e mail') THEN 'Email'
    WHEN m = 'affiliate' THEN 'Affiliates'
    WHEN m = 'audio' THEN 'Audio'
    WHEN s = 'sms' OR m = 'sms' THEN 'SMS'
    WHEN ends_with(m, 'push') OR contains(m, 'mobile') OR contains(m, 'notification') OR s = 'firebase' THEN 'Mobile Push Notifications'
    ELSE 'Unassigned'
  END
  FROM (SELECT s, m, c, al_source_category(s) AS k, al_is_paid_medium(m) AS paid, al_is_shop_campaign(c) AS shop
        FROM (SELECT lower(coalesce(source, '')) AS s, lower(coalesce(medium, '')) AS m, lower(coalesce(campaign, '')) AS c)));

CREATE OR REPLACE MACRO al_channel(utm_source, utm_medium, utm_campaign, click_id_type, source, source_type) AS (
  SELECT al_channel_group(al_source(us, cid, src), al_medium(us, um, cid, src, st), uc)
  FROM (SELECT utm_source AS us, utm_medium AS um, utm_campaign AS uc, click_id_type AS cid, source AS src, source_type AS st));

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
