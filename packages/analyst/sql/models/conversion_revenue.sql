-- {{ config(materialized='table', order_by='occurred_at, event_id, currency', incremental='person', partition_by='CAST(occurred_at AS DATE)') }}
-- conversion_revenue: each conversion's value by currency (columns: conversion_revenue.md), what
-- every revenue figure of sessions, profiles, channel_daily, products and `actionlake attribution`
-- adds up: the rows of conversion_parts.sql, a row without a currency in the site's reporting
-- currency (reporting_currency.sql).
--
-- reporting: the row is in the reporting currency, i.e. counted in the `revenue` columns.
-- counted: the one row of each conversion that counts it (its reporting-currency row, else its
-- first currency), so that a report by currency counts an order of EUR and USD products once.

WITH priced AS (
  SELECT p.site_id, p.event_id, p.person_id, p.session_id, p.occurred_at,
         coalesce(p.currency, r.currency) AS currency, p.value,
         coalesce(p.currency, r.currency) = r.currency AS reporting
  FROM conversion_parts p
  JOIN reporting_currency r USING (site_id)
)
SELECT *,
       row_number() OVER (PARTITION BY site_id, event_id ORDER BY reporting DESC, currency) = 1 AS counted
FROM priced
