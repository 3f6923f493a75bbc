-- {{ config(materialized='table', order_by='dt, product_id', partition_by='dt', incremental='day') }}
-- product_daily: per day (UTC) and product, what the dashboard's Products view sums over a date
-- range (columns: product_daily.md), so that /api/products reads a row per product and day instead
-- of unnesting the products of every event of the range on each request.
--
-- The rules of products.sql, by day, from the same per-person steps (person_product_actions,
-- conversion_products, both kept by an incremental build). Each row depends only on that day's
-- rows of those two (incremental='day'): an incremental build computes only the days whose rows
-- of them changed, and keeps the other days' files.
-- name / brand / category: the latest of the day (over a range, the latest day's is the latest).
-- interactions: action -> events carrying the product that day. persons: distinct persons that
-- day; person_keys: who they are (al_person_key, macros/product.sql): the distinct persons of a
-- range are the distinct keys of its days, which no sum of daily counts gives. revenue / units:
-- Σ price × quantity (1 when absent) and Σ quantity of the product in that day's conversions,
-- revenue in the site's reporting currency (a product's currency: its own, else its
-- conversion's), units of any currency.

WITH seen AS (
  SELECT site_id, dt, product_id,
         arg_max(name, name_at) FILTER (WHERE name IS NOT NULL) AS name,
         arg_max(brand, brand_at) FILTER (WHERE brand IS NOT NULL) AS brand,
         arg_max(category, category_at) FILTER (WHERE category IS NOT NULL) AS category,
         count(DISTINCT person_id) AS persons,
         coalesce(list_sort(list(DISTINCT al_person_key(person_id)) FILTER (WHERE person_id IS NOT NULL)), []) AS person_keys
  FROM person_product_actions
  GROUP BY ALL
),
by_action AS (
  SELECT site_id, dt, product_id, map_from_entries(list({'key': action, 'value': n} ORDER BY action)) AS interactions
  FROM (SELECT site_id, dt, product_id, action, sum(n)::BIGINT AS n FROM person_product_actions GROUP BY ALL)
  GROUP BY ALL
),
sold AS (
  SELECT cp.site_id, CAST(cp.occurred_at AS DATE) AS dt, cp.product_id,
         sum(cp.amount) FILTER (WHERE coalesce(cp.currency, rc.currency) = rc.currency) AS revenue,
         sum(cp.quantity) AS units
  FROM conversion_products cp
  JOIN reporting_currency rc ON rc.site_id = cp.site_id
  WHERE cp.product_id IS NOT NULL
  GROUP BY ALL
)
SELECT s.site_id, s.dt, s.product_id, s.name, s.brand, s.category,
       b.interactions, s.persons, s.person_keys,
       coalesce(d.revenue, 0)::DOUBLE AS revenue,
       coalesce(d.units, 0)::DOUBLE AS units,
       rc.currency AS revenue_currency
FROM seen s
JOIN by_action b USING (site_id, dt, product_id)
JOIN reporting_currency rc USING (site_id)
LEFT JOIN sold d USING (site_id, dt, product_id)
