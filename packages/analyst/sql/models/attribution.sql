-- {{ config(materialized='table', order_by='conversion_event_id, touch_index', incremental='person', partition_by='CAST(converted_at AS DATE)') }}
-- attribution: one row per conversion × touch, with the credit of five models (columns: attribution.md).
--
-- Touches (contract §7): the person's sessions that started in the lookback window before the
-- conversion (lookback_days of model.json, default 30; table model_settings), the conversion's own
-- session included, in time order (touch_index 1, 2, ...). A conversion from another app (no
-- session: a Shopify or Stripe order, an imported offline conversion, contract §10) is credited
-- the same way to its person's web sessions; when it carries a click id (`gclid`, …) that a session
-- landed with (sessions.click_id, the first such session), to that session alone. One with no
-- touch at all (a person never on the site in the window) has its own row as its one touch
-- (session_id NULL, its own traffic source: conversion_events.sql), so every conversion is credited.
-- Each model's credits of one conversion sum to 1:
--   first       all to the first touch;
--   last        all to the last touch that is not Direct; to the last touch when all are Direct;
--   linear      1/n each;
--   position    40% first, 40% last, 20% shared by the ones between (50/50 for two, 100% for one);
--   time_decay  a touch's weight halves for every 7 days between it and the conversion
--               (weight 2^(-days/7)), weights scaled to sum to 1.

WITH conv AS (
  SELECT c.site_id, c.event_id, c.person_id, c.session_id, c.occurred_at, m.lookback_days,
         e.click_id_type, e.click_id, e.channel, e.source, e.medium, e.campaign
  FROM conversions c
  JOIN conversion_events e ON e.site_id = c.site_id AND e.event_id = c.event_id
  JOIN model_settings m ON m.site_id = c.site_id
),
-- the first session that landed with each click id
landed AS (
  SELECT site_id, click_id_type, click_id, arg_min(session_id, (started_at, session_id)) AS session_id
  FROM sessions
  WHERE click_id IS NOT NULL
  GROUP BY site_id, click_id_type, click_id
),
by_click AS (
  SELECT c.site_id, c.event_id, l.session_id
  FROM conv c
  JOIN landed l ON l.site_id = c.site_id AND l.click_id_type = c.click_id_type AND l.click_id = c.click_id
  WHERE c.session_id IS NULL
),
sessions_touched AS (
  SELECT c.site_id, c.event_id AS conversion_event_id, c.person_id, c.occurred_at AS converted_at,
         s.session_id, s.started_at AS touched_at, s.channel, s.source, s.medium, s.campaign, s.click_id_type
  FROM conv c
  JOIN sessions s ON s.site_id = c.site_id AND s.person_id = c.person_id
   AND (s.session_id = c.session_id
        OR (s.started_at <= c.occurred_at AND s.started_at >= c.occurred_at - to_days(c.lookback_days)))
  WHERE NOT EXISTS (SELECT 1 FROM by_click b WHERE b.site_id = c.site_id AND b.event_id = c.event_id)
  UNION ALL
  SELECT c.site_id, c.event_id, c.person_id, c.occurred_at,
         s.session_id, s.started_at, s.channel, s.source, s.medium, s.campaign, s.click_id_type
  FROM conv c
  JOIN by_click b ON b.site_id = c.site_id AND b.event_id = c.event_id
  JOIN sessions s ON s.site_id = b.site_id AND s.session_id = b.session_id
),
touches AS (
  SELECT * FROM sessions_touched
  UNION ALL
  SELECT c.site_id, c.event_id, c.person_id, c.occurred_at,
         NULL, c.occurred_at, c.channel, c.source, c.medium, c.campaign, c.click_id_type
  FROM conv c
  WHERE NOT EXISTS (SELECT 1 FROM sessions_touched t WHERE t.site_id = c.site_id AND t.conversion_event_id = c.event_id)
),
numbered AS (
  SELECT *,
         row_number() OVER w AS touch_index,
         count(*) OVER (PARTITION BY site_id, conversion_event_id) AS n,
         -- the last touch that is not Direct, else the last touch
         coalesce(
           max(CASE WHEN channel <> 'Direct' THEN touched_at END) OVER (PARTITION BY site_id, conversion_event_id),
           max(touched_at) OVER (PARTITION BY site_id, conversion_event_id)) AS last_credited_at,
         pow(0.5, greatest(date_diff('second', touched_at, converted_at), 0) / (7 * 86400.0)) AS decay_weight
  FROM touches
  WINDOW w AS (PARTITION BY site_id, conversion_event_id ORDER BY touched_at, session_id)
),
credited AS (
  SELECT *,
         -- two sessions starting at the same instant: the later in touch order takes `last`
         max(touch_index) FILTER (WHERE touched_at = last_credited_at) OVER (PARTITION BY site_id, conversion_event_id) AS last_index,
         sum(decay_weight) OVER (PARTITION BY site_id, conversion_event_id) AS decay_total
  FROM numbered
)
SELECT site_id, conversion_event_id, person_id, converted_at, touch_index, session_id, touched_at,
       channel, source, medium, campaign, click_id_type,
       CAST(CASE WHEN touch_index = 1 THEN 1 ELSE 0 END AS DOUBLE) AS "first",
       CAST(CASE WHEN touch_index = last_index THEN 1 ELSE 0 END AS DOUBLE) AS "last",
       1.0::DOUBLE / n AS linear,
       CAST(CASE WHEN n = 1 THEN 1.0
                 WHEN n = 2 THEN 0.5
                 WHEN touch_index = 1 OR touch_index = n THEN 0.4
                 ELSE 0.2 / (n - 2) END AS DOUBLE) AS position,
       decay_weight / decay_total AS time_decay
FROM credited
