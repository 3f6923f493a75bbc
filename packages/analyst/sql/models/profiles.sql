-- {{ config(materialized='table', order_by='first_seen, person_id', incremental='person') }}
-- profiles: the 360° row of each person of identity_map (columns: profiles.md), with the steps
-- person_traits.sql and person_products.sql (built just before, one pass over the events each).
--
-- user_id / anonymous_ids: the person's ids in identity_map (a shared device is not among its users'
-- ids, even though their identified events on it are theirs).
-- first_touch_* is the person's first session; last_touch_* the last session that is not Direct
-- (the last one when all are Direct), the same rule as the `last` attribution model. products: every
-- product the person interacted with (any event carrying it: viewed, clicked, bought), by product id
-- (the name when there is no id). traits: those of the latest identify that sent any; consent: the
-- state of the person's latest event. first_seen / last_seen: the person's first and last event of
-- any app (a newsletter open, an order in the shop); page_views / active_days / countries come from
-- the person's sessions (active days are the days sessions started).
-- revenue: conversions in the site's reporting currency (reporting_currency.sql); revenue_by_currency:
-- every currency apart.

WITH ids AS (
  SELECT site_id, person_id,
         max(id) FILTER (WHERE id_type = 'user_id') AS user_id,
         coalesce(list_sort(list(id) FILTER (WHERE id_type = 'anonymous_id')), []) AS anonymous_ids
  FROM identity_map
  GROUP BY site_id, person_id
),
ses AS (
  SELECT site_id, person_id,
         count(*) AS sessions,
         sum(page_views) AS page_views,
         count(DISTINCT CAST(started_at AS DATE)) AS active_days,
         list_sort(list(DISTINCT country) FILTER (WHERE country IS NOT NULL)) AS countries,
         -- the first session's fields as one struct: arg_min of a single column skips NULLs and
         -- would take a later session's campaign or click id
         arg_min({'source': source, 'medium': medium, 'campaign': campaign, 'channel': channel, 'click_id_type': click_id_type},
                 (started_at, session_id)) AS first_touch,
         coalesce(max(started_at) FILTER (WHERE channel <> 'Direct'), max(started_at)) AS last_touch_at,
         list_sort(list(DISTINCT device_type)) AS device_types,
         list_sort(list(DISTINCT browser) FILTER (WHERE browser IS NOT NULL)) AS browsers
  FROM sessions
  GROUP BY site_id, person_id
),
last_touch AS (
  SELECT s.site_id, s.person_id,
         arg_max({'source': s.source, 'medium': s.medium, 'campaign': s.campaign, 'channel': s.channel, 'click_id_type': s.click_id_type},
                 s.session_id) AS t
  FROM sessions s
  JOIN ses ON ses.site_id = s.site_id AND ses.person_id = s.person_id AND s.started_at = ses.last_touch_at
  GROUP BY s.site_id, s.person_id
),
conv AS (
  SELECT site_id, person_id, count(*) AS conversions
  FROM conversions
  GROUP BY site_id, person_id
),
rev AS (
  SELECT site_id, person_id, al_revenue(currency, value, reporting) AS r FROM conversion_revenue GROUP BY site_id, person_id
)
SELECT ids.site_id, ids.person_id, ids.user_id, ids.anonymous_ids, ev.first_seen, ev.last_seen,
       coalesce(ses.sessions, 0) AS sessions, coalesce(ses.page_views, 0) AS page_views, coalesce(ses.active_days, 0) AS active_days,
       ses.first_touch.source AS first_touch_source, ses.first_touch.medium AS first_touch_medium, ses.first_touch.campaign AS first_touch_campaign,
       ses.first_touch.channel AS first_touch_channel, ses.first_touch.click_id_type AS first_touch_click_id_type,
       lt.t.source AS last_touch_source, lt.t.medium AS last_touch_medium, lt.t.campaign AS last_touch_campaign,
       lt.t.channel AS last_touch_channel, lt.t.click_id_type AS last_touch_click_id_type,
       coalesce(ses.countries, []) AS countries, ses.device_types, ses.browsers,
       coalesce(prod.products, []) AS products,
       coalesce(conv.conversions, 0) AS conversions,
       coalesce(rev.r.revenue, 0) AS revenue,
       rc.currency AS revenue_currency,
       coalesce(rev.r.by_currency, al_no_revenue()) AS revenue_by_currency,
       ev.traits, ev.consent
FROM ids
LEFT JOIN person_traits ev USING (site_id, person_id)
LEFT JOIN ses USING (site_id, person_id)
LEFT JOIN last_touch lt USING (site_id, person_id)
LEFT JOIN person_products prod USING (site_id, person_id)
LEFT JOIN conv USING (site_id, person_id)
LEFT JOIN rev USING (site_id, person_id)
JOIN reporting_currency rc ON rc.site_id = ids.site_id
