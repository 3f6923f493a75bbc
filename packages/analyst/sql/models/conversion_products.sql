-- {{ config(materialized='temp', incremental='person', partition_by='CAST(occurred_at AS DATE)') }}
-- conversion_products: the priced products of each conversion (a step, read by conversion_parts.sql,
-- products.sql and product_daily.sql; kept for the next build, as those are recomputed whole), so
-- that a conversion's revenue and its products' revenue follow one rule.
--
-- amount: price × quantity (1 when absent); quantity: the units sold (product_daily.sql).
-- currency: the product's own, else its conversion's (conversions.sql); NULL when neither names
-- one (conversion_revenue.sql then counts it in the site's reporting currency). occurred_at: the
-- conversion's, whose day product_daily.sql sums it on.

SELECT c.site_id, c.event_id, c.person_id, c.occurred_at, al_product_id(p.unnest) AS product_id,
       coalesce(p.unnest.currency, c.currency) AS currency,
       p.unnest.price * coalesce(p.unnest.quantity, 1) AS amount,
       coalesce(p.unnest.quantity, 1) AS quantity
FROM conversions c
JOIN conversion_events e ON e.site_id = c.site_id AND e.event_id = c.event_id,
unnest(e.products) p
WHERE p.unnest.price IS NOT NULL
