-- {{ config(materialized='table', order_by='started_at, session_id', incremental='person', partition_by='CAST(started_at AS DATE)') }}
-- sessions: one row per visit (columns: sessions.md).
--
-- A session is the SDK's session_id (a new one after 30 minutes idle or on a new campaign).
-- Its traffic source is the first event of the session that came from somewhere (any channel but
-- Direct), else its first event: like GA4, a page reached through the site's own links or a reload
-- does not turn a campaign visit into a direct one. source / medium / campaign are GA4's
-- (sql/macros/channel.sql: UTM tags, else the ad click id, else the referrer), in lower case, and
-- channel is GA4's group of those three.
-- Revenue: the value of its conversions in the site's reporting currency (reporting_currency.sql);
-- revenue_by_currency: every currency apart.
-- Person: the person the session was identified as (its last event with a user id or an email),
-- else the person of its anonymous_id. Bots are left out (person_events), so is_bot is always false
-- here. Rows without a session_id (other apps' rows, contract §10) are in no session.

WITH ranked AS (
  SELECT site_id, session_id,
         min(occurred_at) AS started_at,
         max(occurred_at) AS ended_at,
         count(*) FILTER (WHERE is_pageview) AS page_views,
         count(*) AS events,
         arg_max(person_id, occurred_at) FILTER (WHERE user_id IS NOT NULL OR email_sha256 IS NOT NULL) AS identified_person_id,
         arg_min(person_id, occurred_at) AS first_person_id,
         arg_min(anonymous_id, occurred_at) AS anonymous_id,
         coalesce(arg_min(path, occurred_at) FILTER (WHERE is_pageview), arg_min(path, occurred_at)) AS entry_path,
         coalesce(arg_max(path, occurred_at) FILTER (WHERE is_pageview), arg_max(path, occurred_at)) AS exit_path,
         -- the event that tells where the visit came from
         coalesce(arg_min(event_id, occurred_at) FILTER (WHERE channel <> 'Direct'), arg_min(event_id, occurred_at)) AS source_event_id,
         arg_min(country, occurred_at) FILTER (WHERE country IS NOT NULL) AS country,
         arg_min(device_type, occurred_at) AS ua_device_type,
         arg_min(browser, occurred_at) AS browser
  FROM person_events
  WHERE session_id IS NOT NULL
  GROUP BY site_id, session_id
),
conv AS (
  SELECT site_id, session_id, count(*) AS conversions
  FROM conversions
  GROUP BY site_id, session_id
),
rev AS (
  SELECT site_id, session_id, al_revenue(currency, value, reporting) AS r FROM conversion_revenue GROUP BY site_id, session_id
)
SELECT *, al_channel_group(source, medium, campaign) AS channel FROM (
SELECT r.site_id, r.session_id,
       coalesce(r.identified_person_id, r.first_person_id) AS person_id,
       r.anonymous_id, r.started_at, r.ended_at,
       date_diff('millisecond', r.started_at, r.ended_at) / 1000.0 AS duration_s,
       r.page_views, r.events, r.entry_path, r.exit_path,
       al_source(s.utm.source, al_click_id_type(s.click_ids), s.source) AS source,
       al_medium(s.utm.source, s.utm.medium, al_click_id_type(s.click_ids), s.source, s.source_type) AS medium,
       lower(nullif(trim(s.utm.campaign), '')) AS campaign,
       al_click_id_type(s.click_ids) AS click_id_type,
       json_extract_string(s.click_ids, '$."' || al_click_id_type(s.click_ids) || '"') AS click_id,
       s.referrer,
       r.country,
       -- the user agent parser names no type for desktop browsers
       coalesce(r.ua_device_type, 'desktop') AS device_type,
       r.browser,
       false AS is_bot,
       coalesce(c.conversions, 0) AS conversions,
       coalesce(v.r.revenue, 0) AS revenue,
       rc.currency AS revenue_currency,
       coalesce(v.r.by_currency, al_no_revenue()) AS revenue_by_currency
FROM ranked r
JOIN person_events s ON s.site_id = r.site_id AND s.event_id = r.source_event_id
JOIN reporting_currency rc ON rc.site_id = r.site_id
LEFT JOIN conv c ON c.site_id = r.site_id AND c.session_id = r.session_id
LEFT JOIN rev v ON v.site_id = r.site_id AND v.session_id = r.session_id
)
