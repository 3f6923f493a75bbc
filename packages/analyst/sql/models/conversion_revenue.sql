-- conversion_revenue: each conversion's value by currency (columns: conversion_revenue.md), what
-- every revenue figure of sessions, profiles, channel_daily and `actionlake attribution` adds up.
--
-- A conversion valued by its priced products has a row per currency among them (a product's
-- currency: its own, else the conversion's, else the site's reporting currency), so an order of
-- 10 EUR and 20 USD of products is 10 EUR and 20 USD, never 30 of either. A conversion valued by its
-- `revenue` / `value` attribute has one row, in its currency, else the reporting currency.
-- Conversions without a value have no row. reporting: the row is in the site's reporting currency
-- (reporting_currency.sql), i.e. counted in the `revenue` columns.

WITH conv AS (
  SELECT c.*, r.currency AS reporting_currency
  FROM conversions c
  JOIN reporting_currency r USING (site_id)
  WHERE c.value IS NOT NULL
),
by_product AS (
  SELECT c.site_id, c.event_id,
         coalesce(p.unnest.currency, c.currency, c.reporting_currency) AS currency,
         sum(p.unnest.price * coalesce(p.unnest.quantity, 1)) AS value
  FROM conv c
  JOIN conversion_events e ON e.site_id = c.site_id AND e.event_id = c.event_id,
  unnest(e.products) p
  WHERE p.unnest.price IS NOT NULL
  GROUP BY ALL
),
rows AS (
  SELECT c.site_id, c.event_id, c.person_id, c.session_id, c.occurred_at,
         coalesce(b.currency, c.currency, c.reporting_currency) AS currency,
         coalesce(b.value, c.value) AS value,
         c.reporting_currency
  FROM conv c
  LEFT JOIN by_product b USING (site_id, event_id)
)
SELECT site_id, event_id, person_id, session_id, occurred_at, currency, value,
       currency = reporting_currency AS reporting
FROM rows
