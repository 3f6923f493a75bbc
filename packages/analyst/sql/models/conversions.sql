-- conversions: one row per conversion event (columns: conversions.md).
--
-- The conversion events: conversion_events.sql (contract §7, "Conversion").
-- Value: Σ price × quantity (quantity 1 when absent) over the products that have a price; without
-- priced products, the numeric attribute `revenue`, else `value`; else NULL (a conversion without a
-- value, e.g. a sign-up). Currency: the first product's, else the attribute `currency`.

SELECT e.site_id, e.event_id, e.person_id, e.session_id, e.action, e.occurred_at,
       coalesce(
         list_sum(list_transform(list_filter(e.products, p -> p.price IS NOT NULL),
                                 p -> p.price * coalesce(p.quantity, 1))),
         try_cast(json_extract_string(e.attributes, '$.revenue') AS DOUBLE),
         try_cast(json_extract_string(e.attributes, '$.value') AS DOUBLE)) AS value,
       coalesce(list_filter(e.products, p -> p.currency IS NOT NULL)[1].currency,
                upper(json_extract_string(e.attributes, '$.currency'))) AS currency
FROM conversion_events e
