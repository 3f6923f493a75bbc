-- {{ config(materialized='temp', incremental='person') }}
-- conversion_events: the conversion events with what their value is made of (a step kept inside
-- DuckDB): read once from person_events, then by conversions.sql and conversion_revenue.sql.
--
-- An event is a conversion when its `action` is listed in config/site_id=<site>/model.json
-- ({"conversions": ["Order completed"], "lookback_days": 30}) or is the name of an action definition
-- with "conversion": true in config/site_id=<site>/actions.json (contract §7, "Conversion").
-- `actionlake models` loads both into the table conversion_actions(site_id, action).
--
-- A conversion from another app (origin_kind not 'browser': a Shopify or Stripe order, an imported
-- offline conversion, contract §10) is in no session; attribution.sql credits it by its click id
-- (click_id_type, click_id) or its person, and channel_daily.sql counts it at session scope by the
-- traffic source its own row tells (source, medium, campaign, channel: a Shopify order's landing
-- page UTMs, an offline conversion's gclid), worked out as sessions.sql does for a session.

SELECT *, al_channel_group(source, medium, campaign) AS channel FROM (
  SELECT site_id, event_id, person_id, session_id, action, occurred_at, products, attributes, origin_kind, click_id_type,
         json_extract_string(click_ids, '$."' || click_id_type || '"') AS click_id,
         al_source(utm.source, click_id_type, source) AS source,
         al_medium(utm.source, utm.medium, click_id_type, source, source_type) AS medium,
         lower(nullif(trim(utm.campaign), '')) AS campaign
  FROM (
    SELECT e.*, al_click_id_type(e.click_ids) AS click_id_type
    FROM person_events e
    SEMI JOIN conversion_actions c ON c.site_id = e.site_id AND c.action = e.action
  )
)
