-- {{ config(materialized='temp') }}
-- conversion_events: the conversion events with what their value is made of (a step kept inside
-- DuckDB): read once from person_events, then by conversions.sql and conversion_revenue.sql.
--
-- An event is a conversion when its `action` is listed in config/site_id=<site>/model.json
-- ({"conversions": ["Order completed"], "lookback_days": 30}) or is the name of an action definition
-- with "conversion": true in config/site_id=<site>/actions.json (contract §7, "Conversion").
-- `actionlake models` loads both into the table conversion_actions(site_id, action).

SELECT e.site_id, e.event_id, e.person_id, e.session_id, e.action, e.occurred_at, e.products, e.attributes
FROM person_events e
SEMI JOIN conversion_actions c ON c.site_id = e.site_id AND c.action = e.action
