-- {{ config(materialized='temp') }}
-- reporting_currency: the currency each site's `revenue` columns are in (a step kept inside DuckDB).
--
-- Like GA4's reporting currency, one per site: "currency" of config/site_id=<site>/model.json
-- (table model_settings), else the currency most of the site's conversions have revenue in
-- (conversion_parts.sql; a tie: the first alphabetically), else 'XXX' (ISO 4217's "no currency":
-- the site names none). The `revenue` columns of sessions, profiles, channel_daily and products add
-- up revenue in this currency only (conversion_revenue.sql; a conversion that names none counts as
-- in it); `revenue_by_currency` has every currency apart.
-- Amounts are never converted: without exchange rates, 40 EUR and 15.50 USD are not one number.

WITH used AS (
  SELECT site_id, currency, count(DISTINCT event_id) AS n
  FROM conversion_parts
  WHERE currency IS NOT NULL
  GROUP BY ALL
)
SELECT m.site_id,
       coalesce(m.currency,
                (SELECT first(u.currency ORDER BY u.n DESC, u.currency) FROM used u WHERE u.site_id = m.site_id),
                'XXX') AS currency
FROM model_settings m
