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
--      web.facebook.com -> facebook.com, smile.amazon.com -> amazon.com, someone.blogspot.com -> blogspot.com;
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
  SELECT CASE WHEN len(al_rd_labels) > al_rd_n THEN array_to_string(al_rd_labels[-(al_rd_n + 1):], '.') END
  FROM (SELECT string_split(host, '.') AS al_rd_labels,
               coalesce((SELECT max(len(string_split(al_rd_p.suffix, '.')))
                         FROM (SELECT unnest(al_suffixes(host)) AS al_rd_suffix) al_rd_s
                         JOIN al_public_suffixes al_rd_p ON al_rd_p.suffix = al_rd_s.al_rd_suffix), 1) AS al_rd_n));

-- The keys `source` is looked up under, most specific first (see the header).
CREATE OR REPLACE MACRO al_source_keys(source) AS (
  SELECT [al_sk_src, al_sk_host, al_sk_domain, CASE WHEN al_sk_host = al_sk_domain THEN split_part(al_sk_domain, '.', 1) END]
  FROM (SELECT al_sk_src, al_sk_host, al_registrable_domain(al_sk_host) AS al_sk_domain
        FROM (SELECT lower(trim(source)) AS al_sk_src, regexp_replace(lower(trim(source)), '^www\.', '') AS al_sk_host)));

-- Which list `source` is on: 'search', 'social', 'shopping', 'video', 'ai' or NULL.
CREATE OR REPLACE MACRO al_source_category(source) AS (
  SELECT arg_min(al_sc_list.category, al_sc_k.al_sc_rank)
  FROM (SELECT unnest(al_sc_keys) AS al_sc_key, generate_subscripts(al_sc_keys, 1) AS al_sc_rank
        FROM (SELECT al_source_keys(source) AS al_sc_keys)) al_sc_k
  JOIN al_source_categories al_sc_list ON al_sc_list.source = al_sc_k.al_sc_key);

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
-- (a struct in such a "let" fails to bind inside a subquery: DuckDB 1.5). Names a macro gives inside
-- its subqueries start with al_<macro>_ so that they never hide a column of the query calling it
-- (sessions.sql passes s.source_type: a column `s` of a subquery here would take its place).

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
     WHEN al_md_src IS NULL OR source_type = 'direct' THEN '(none)'
     WHEN al_source_category(al_md_src) = 'search' THEN 'organic'
     ELSE 'referral'
   END FROM (SELECT nullif(trim(source), '') AS al_md_src)));

-- GA4's default channel group ---------------------------------------------------------------------

CREATE OR REPLACE MACRO al_channel_group(source, medium, campaign) AS (
  SELECT CASE
    WHEN al_cg_s = '(direct)' AND al_cg_m IN ('(not set)', '(none)') THEN 'Direct'
    WHEN contains(al_cg_c, 'cross-network') THEN 'Cross-network'
    WHEN (al_cg_k = 'shopping' OR al_cg_shop) AND al_cg_paid THEN 'Paid Shopping'
    WHEN al_cg_k = 'search' AND al_cg_paid THEN 'Paid Search'
    WHEN al_cg_k = 'social' AND al_cg_paid THEN 'Paid Social'
    WHEN al_cg_k = 'video' AND al_cg_paid THEN 'Paid Video'
    WHEN al_cg_m IN ('display', 'banner', 'expandable', 'interstitial', 'cpm') THEN 'Display'
    WHEN al_cg_paid THEN 'Paid Other'
    WHEN al_cg_k = 'ai' THEN 'AI Assistants'
    WHEN al_cg_k = 'shopping' OR al_cg_shop THEN 'Organic Shopping'
    WHEN al_cg_k = 'social' OR al_cg_m IN ('social', 'social-network', 'social-media', 'sm', 'social network', 'social media') THEN 'Organic Social'
    WHEN al_cg_k = 'video' OR contains(al_cg_m, 'video') THEN 'Organic Video'
    WHEN al_cg_k = 'search' OR al_cg_m = 'organic' THEN 'Organic Search'
    WHEN al_cg_m IN ('referral', 'app', 'link') THEN 'Referral'
    WHEN al_cg_s IN ('email', 'e-mail', 'e_mail', 'e mail') OR al_cg_m IN ('email', 'e-mail', 'e_mail', 'e mail') THEN 'Email'
    WHEN al_cg_m = 'affiliate' THEN 'Affiliates'
    WHEN al_cg_m = 'audio' THEN 'Audio'
    WHEN al_cg_s = 'sms' OR al_cg_m = 'sms' THEN 'SMS'
    WHEN ends_with(al_cg_m, 'push') OR contains(al_cg_m, 'mobile') OR contains(al_cg_m, 'notification') OR al_cg_s = 'firebase' THEN 'Mobile Push Notifications'
    ELSE 'Unassigned'
  END
  FROM (SELECT al_cg_s, al_cg_m, al_cg_c, al_source_category(al_cg_s) AS al_cg_k,
               al_is_paid_medium(al_cg_m) AS al_cg_paid, al_is_shop_campaign(al_cg_c) AS al_cg_shop
        FROM (SELECT lower(coalesce(source, '')) AS al_cg_s, lower(coalesce(medium, '')) AS al_cg_m,
                     lower(coalesce(campaign, '')) AS al_cg_c)));

CREATE OR REPLACE MACRO al_channel(utm_source, utm_medium, utm_campaign, click_id_type, source, source_type) AS (
  SELECT al_channel_group(al_source(al_ch_us, al_ch_cid, al_ch_src), al_medium(al_ch_us, al_ch_um, al_ch_cid, al_ch_src, al_ch_st), al_ch_uc)
  FROM (SELECT utm_source AS al_ch_us, utm_medium AS al_ch_um, utm_campaign AS al_ch_uc, click_id_type AS al_ch_cid,
               source AS al_ch_src, source_type AS al_ch_st));

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
