-- {{ config(materialized='temp', incremental='person') }}
-- conversion_parts: each conversion's value by the currency it names (a step kept inside DuckDB;
-- conversion_revenue.sql gives the rows without a currency the site's reporting currency).
--
-- A conversion valued by its priced products has a row per currency among them
-- (conversion_products.sql), so an order of 10 EUR and 20 USD of products is 10 EUR
-- and 20 USD, never 30 of either. A conversion valued by its `revenue` / `value` attribute has one
-- row, in its currency. Conversions without a value have no row. currency is NULL where nothing
-- names one.

WITH by_product AS (
  SELECT site_id, event_id, currency, sum(amount) AS value
  FROM conversion_products
  GROUP BY ALL
)
SELECT c.site_id, c.event_id, c.person_id, c.session_id, c.occurred_at,
       CASE WHEN b.event_id IS NULL THEN c.currency ELSE b.currency END AS currency,
       coalesce(b.value, c.value) AS value
FROM conversions c
LEFT JOIN by_product b USING (site_id, event_id)
WHERE c.value IS NOT NULL
