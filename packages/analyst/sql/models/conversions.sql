-- {{ config(materialized='table', order_by='occurred_at, event_id', incremental='person', partition_by='CAST(occurred_at AS DATE)') }}
-- conversions: one row per conversion event (columns: conversions.md).
--
-- The conversion events: conversion_events.sql (contract §7, "Conversion"), of every app: a web
-- conversion has its session, another app's (origin_kind) none.
-- Value: Σ price × quantity (quantity 1 when absent) over the products that have a price; without
-- priced products, the numeric attribute `revenue`, else `value`; else NULL (a conversion without a
-- value, e.g. a sign-up). Currency: that of the value's source: the first priced product's that
-- names one (else any product's, else the attribute `currency`); for a value from the attributes,
-- the attribute `currency` (else a product's). An order of products in two currencies has one `value`
-- that adds them up: conversion_revenue.sql splits it, and every revenue figure is taken from there.

WITH parts AS (
  SELECT *,
         list_filter(products, p -> p.price IS NOT NULL) AS priced,
         list_filter(products, p -> p.currency IS NOT NULL)[1].currency AS product_currency,
         nullif(upper(trim(json_extract_string(attributes, '$.currency'))), '') AS attribute_currency
  FROM conversion_events
)
SELECT site_id, event_id, person_id, session_id, action, occurred_at, origin_kind,
       coalesce(
         list_sum(list_transform(priced, p -> p.price * coalesce(p.quantity, 1))),
         try_cast(json_extract_string(attributes, '$.revenue') AS DOUBLE),
         try_cast(json_extract_string(attributes, '$.value') AS DOUBLE)) AS value,
       CASE WHEN len(priced) > 0
            THEN coalesce(list_filter(priced, p -> p.currency IS NOT NULL)[1].currency, product_currency, attribute_currency)
            ELSE coalesce(attribute_currency, product_currency)
       END AS currency
FROM parts
