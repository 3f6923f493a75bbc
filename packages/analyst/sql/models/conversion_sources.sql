-- {{ config(materialized='temp', incremental='person', partition_by='CAST(occurred_at AS DATE)') }}
-- conversion_sources: each conversion's session-scope traffic source (GA4's "session" scope, what
-- channel_daily.sql counts conversions and revenue by): the source, medium, campaign and channel
-- of the session it happened in (sessions.sql), else (a conversion from another app, in no
-- session) the one its own row tells (conversion_events.sql: a Shopify order's landing page, an
-- offline conversion's gclid; else Direct).
--
-- A step of its own, on the conversion's day (occurred_at), because the session may have started
-- the day before: with it, each day of channel_daily depends only on that day's rows of what it
-- reads (incremental='day'), and an incremental build recomputes only the days that changed
-- (kept for the next build under tables/_manifest/, like every step a daily model reads).

SELECT e.site_id, e.event_id, e.person_id, e.occurred_at,
       coalesce(s.channel, e.channel) AS channel,
       CASE WHEN s.session_id IS NULL THEN e.source ELSE s.source END AS source,
       CASE WHEN s.session_id IS NULL THEN e.medium ELSE s.medium END AS medium,
       CASE WHEN s.session_id IS NULL THEN e.campaign ELSE s.campaign END AS campaign
FROM conversion_events e
LEFT JOIN sessions s ON s.site_id = e.site_id AND s.session_id = e.session_id
