-- {{ config(materialized='table', order_by='dt, channel, source, medium, campaign', partition_by='dt', incremental='day') }}
-- channel_daily: sessions, persons, conversions and revenue per day and traffic source (columns: channel_daily.md).
--
-- sessions / persons: by the day a session started (UTC) and its channel, source, medium, campaign.
-- conversions / revenue: by the day of the conversion and the channel of the session it happened in
-- (GA4's "session" scope); a conversion from another app, in no session, by the traffic source its
-- own row tells (a Shopify order's landing page, an offline conversion's gclid; else Direct): both
-- in conversion_sources.sql, on the conversion's day.
-- <model>_conversions / <model>_revenue: each conversion and its value shared out over its touches by that attribution model (see attribution.sql), on the day of the
-- conversion and the touch's channel, source, medium, campaign; summed over all rows, each model
-- gives the same total as `conversions` / `revenue`. Every revenue column is in the site's reporting
-- currency (conversion_revenue.sql); revenue_by_currency: the session-scope revenue of every currency.
-- Each day's rows depend only on that day's rows of what it reads (sessions by started_at, the
-- conversion tables, conversion_sources and attribution by the conversion's day): incremental='day',
-- an incremental build computes the days whose rows of those changed and keeps the other days' files.

WITH visits AS (
  SELECT site_id, CAST(started_at AS DATE) AS dt, channel, source, medium, campaign,
         count(*) AS sessions, count(DISTINCT person_id) AS persons
  FROM sessions
  GROUP BY ALL
),
converted AS (
  SELECT c.site_id, CAST(c.occurred_at AS DATE) AS dt, s.channel, s.source, s.medium, s.campaign,
         count(*) AS conversions
  FROM conversions c
  JOIN conversion_sources s ON s.site_id = c.site_id AND s.event_id = c.event_id
  GROUP BY ALL
),
-- revenue apart from the counts: conversion_revenue has a row per conversion and currency
earned AS (
  SELECT v.site_id, CAST(v.occurred_at AS DATE) AS dt, s.channel, s.source, s.medium, s.campaign,
         al_revenue(v.currency, v.value, v.reporting) AS rev
  FROM conversion_revenue v
  JOIN conversion_sources s ON s.site_id = v.site_id AND s.event_id = v.event_id
  GROUP BY ALL
),
attributed AS (
  SELECT a.site_id, CAST(c.occurred_at AS DATE) AS dt, a.channel, a.source, a.medium, a.campaign,
         sum(a."first") AS first_conversions,
         sum(a."last") AS last_conversions,
         sum(a.linear) AS linear_conversions,
         sum(a.position) AS position_conversions,
         sum(a.time_decay) AS time_decay_conversions
  FROM attribution a
  JOIN conversions c ON c.site_id = a.site_id AND c.event_id = a.conversion_event_id
  GROUP BY ALL
),
attributed_revenue AS (
  SELECT a.site_id, CAST(v.occurred_at AS DATE) AS dt, a.channel, a.source, a.medium, a.campaign,
         sum(a."first" * v.value) AS first_revenue,
         sum(a."last" * v.value) AS last_revenue,
         sum(a.linear * v.value) AS linear_revenue,
         sum(a.position * v.value) AS position_revenue,
         sum(a.time_decay * v.value) AS time_decay_revenue
  FROM attribution a
  JOIN conversion_revenue v ON v.site_id = a.site_id AND v.event_id = a.conversion_event_id AND v.reporting
  GROUP BY ALL
)
-- one row per day and source: the parts stacked and summed (GROUP BY, unlike a join, takes a NULL
-- campaign as equal to a NULL campaign)
SELECT site_id, dt, channel, source, medium, campaign,
       coalesce(sum(sessions), 0)::BIGINT AS sessions,
       coalesce(sum(persons), 0)::BIGINT AS persons,
       coalesce(sum(conversions), 0)::BIGINT AS conversions,
       coalesce(sum(rev.revenue), 0)::DOUBLE AS revenue,
       any_value(rc.currency) AS revenue_currency,
       -- one `earned` row per group at most, so any_value is that row's map
       coalesce(any_value(rev.by_currency), al_no_revenue()) AS revenue_by_currency,
       coalesce(sum(first_conversions), 0)::DOUBLE AS first_conversions,
       coalesce(sum(last_conversions), 0)::DOUBLE AS last_conversions,
       coalesce(sum(linear_conversions), 0)::DOUBLE AS linear_conversions,
       coalesce(sum(position_conversions), 0)::DOUBLE AS position_conversions,
       coalesce(sum(time_decay_conversions), 0)::DOUBLE AS time_decay_conversions,
       coalesce(sum(first_revenue), 0)::DOUBLE AS first_revenue,
       coalesce(sum(last_revenue), 0)::DOUBLE AS last_revenue,
       coalesce(sum(linear_revenue), 0)::DOUBLE AS linear_revenue,
       coalesce(sum(position_revenue), 0)::DOUBLE AS position_revenue,
       coalesce(sum(time_decay_revenue), 0)::DOUBLE AS time_decay_revenue
FROM (SELECT * FROM visits UNION ALL BY NAME SELECT * FROM converted UNION ALL BY NAME SELECT * FROM earned
      UNION ALL BY NAME SELECT * FROM attributed UNION ALL BY NAME SELECT * FROM attributed_revenue) t
JOIN reporting_currency rc USING (site_id)
GROUP BY site_id, dt, channel, source, medium, campaign
