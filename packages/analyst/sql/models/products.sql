-- {{ config(materialized='table', order_by='revenue DESC, product_id') }}
-- products: one row per product (columns: products.md).
--
-- A product is known by its id, else its name (product_id). name / brand / category: the latest
-- seen (from person_product_actions.sql, a step per person). interactions: a map action -> number of events carrying the product ("Product clicked",
-- "Order completed", ...). persons: how many persons interacted with it. revenue: Σ price × quantity
-- (1 when absent) of the product in conversions (conversion_products.sql), in the site's reporting
-- currency (reporting_currency.sql); revenue_by_currency: every currency apart.
--
-- Each part is summed per product before the parts are joined: joining the 429,500 rows of
-- person_product_actions (1M events) to a map per product before grouping cost 0.4 s against 0.25.

WITH per_action AS (
  SELECT site_id, product_id, action, sum(n)::BIGINT AS n FROM person_product_actions GROUP BY ALL
),
by_action AS (
  SELECT site_id, product_id, map_from_entries(list({'key': action, 'value': n} ORDER BY action)) AS interactions
  FROM per_action
  GROUP BY site_id, product_id
),
seen AS (
  SELECT site_id, product_id,
         arg_max(name, name_at) FILTER (WHERE name IS NOT NULL) AS name,
         arg_max(brand, brand_at) FILTER (WHERE brand IS NOT NULL) AS brand,
         arg_max(category, category_at) FILTER (WHERE category IS NOT NULL) AS category,
         count(DISTINCT person_id) AS persons
  FROM person_product_actions
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
SELECT k.site_id, k.product_id, k.name, k.brand, k.category,
       b.interactions,
       k.persons,
       coalesce(s.r.revenue, 0) AS revenue,
       rc.currency AS revenue_currency,
       coalesce(s.r.by_currency, al_no_revenue()) AS revenue_by_currency
FROM seen k
JOIN by_action b USING (site_id, product_id)
JOIN reporting_currency rc USING (site_id)
LEFT JOIN sold s USING (site_id, product_id)
