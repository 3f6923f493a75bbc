-- {{ config(materialized='table', order_by='revenue DESC, product_id') }}
-- products: one row per product (columns: products.md).
--
-- A product is known by its id, else its name (product_id). name / brand / category: the latest
-- seen. interactions: a map action -> number of events carrying the product ("Product clicked",
-- "Order completed", ...). persons: how many persons interacted with it. revenue: Σ price × quantity
-- (1 when absent) of the product in conversions (conversion_products.sql), in the site's reporting
-- currency (reporting_currency.sql); revenue_by_currency: every currency apart.

WITH rows AS (
  SELECT e.site_id, e.event_id, e.person_id, e.action, e.occurred_at,
         p.unnest AS p
  FROM person_events e, unnest(e.products) p
  WHERE len(e.products) > 0
),
keyed AS (
  SELECT *, al_product_id(p) AS product_id FROM rows WHERE al_product_id(p) IS NOT NULL
),
by_action AS (
  SELECT site_id, product_id, map_from_entries(list({'key': action, 'value': n} ORDER BY action)) AS interactions
  FROM (SELECT site_id, product_id, action, count(*) AS n FROM keyed GROUP BY ALL)
  GROUP BY site_id, product_id
),
sold AS (
  SELECT site_id, product_id, al_revenue(currency, amount, currency = reporting_currency) AS r
  FROM (SELECT cp.site_id, cp.product_id, cp.amount,
               coalesce(cp.currency, rc.currency) AS currency, rc.currency AS reporting_currency
        FROM conversion_products cp
        JOIN reporting_currency rc USING (site_id)
        WHERE cp.product_id IS NOT NULL)
  GROUP BY site_id, product_id
)
SELECT k.site_id, k.product_id,
       arg_max(k.p.name, k.occurred_at) FILTER (WHERE k.p.name IS NOT NULL) AS name,
       arg_max(k.p.brand, k.occurred_at) FILTER (WHERE k.p.brand IS NOT NULL) AS brand,
       arg_max(k.p.category, k.occurred_at) FILTER (WHERE k.p.category IS NOT NULL) AS category,
       any_value(b.interactions) AS interactions,
       count(DISTINCT k.person_id) AS persons,
       coalesce(any_value(s.r.revenue), 0) AS revenue,
       any_value(rc.currency) AS revenue_currency,
       coalesce(any_value(s.r.by_currency), al_no_revenue()) AS revenue_by_currency
FROM keyed k
JOIN by_action b USING (site_id, product_id)
JOIN reporting_currency rc USING (site_id)
LEFT JOIN sold s USING (site_id, product_id)
GROUP BY k.site_id, k.product_id
