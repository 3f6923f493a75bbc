-- {{ config(materialized='table', order_by='dt, product_id') }}
-- product_daily: per day (UTC) and product, what the dashboard's Products view sums over a date
-- range (columns: product_daily.md), so that /api/products reads a few thousand rows instead of
-- unnesting the products of every event of the range on each request.
--
-- A day-keyed aggregate of person_events and conversion_products alone (the rules of products.sql,
-- by day): each row depends only on that day's events and conversions, so a build that recomputes
-- the touched days (like channel_daily) stays exact.
-- name / brand / category: the latest of the day (over a range, the latest day's is the latest).
-- interactions: action -> events carrying the product that day. persons: distinct persons that
-- day; person_keys: who they are (al_person_key, macros/product.sql): the distinct persons of a
-- range are the distinct keys of its days, which no sum of daily counts gives. revenue / units: Σ price × quantity (1 when absent) and
-- Σ quantity of the product in that day's conversions, revenue in the site's reporting currency
-- (a product's currency: its own, else its conversion's), units of any currency.

WITH carried AS (
  SELECT e.site_id, e.person_id, e.action, e.occurred_at, CAST(e.occurred_at AS DATE) AS dt,
         unnest(e.products) AS p
  FROM person_events e
  WHERE len(e.products) > 0
),
keyed AS (
  SELECT *, al_product_id(p) AS product_id FROM carried WHERE al_product_id(p) IS NOT NULL
),
seen AS (
  SELECT site_id, dt, product_id,
         arg_max(p.name, occurred_at) FILTER (WHERE p.name IS NOT NULL) AS name,
         arg_max(p.brand, occurred_at) FILTER (WHERE p.brand IS NOT NULL) AS brand,
         arg_max(p.category, occurred_at) FILTER (WHERE p.category IS NOT NULL) AS category,
         count(DISTINCT person_id) AS persons,
         coalesce(list(DISTINCT al_person_key(person_id)) FILTER (WHERE person_id IS NOT NULL), []) AS person_keys
  FROM keyed
  GROUP BY ALL
),
by_action AS (
  SELECT site_id, dt, product_id, map_from_entries(list({'key': action, 'value': n} ORDER BY action)) AS interactions
  FROM (SELECT site_id, dt, product_id, action, count(*) AS n FROM keyed GROUP BY ALL)
  GROUP BY ALL
),
sold AS (
  SELECT cp.site_id, CAST(c.occurred_at AS DATE) AS dt, cp.product_id,
         sum(cp.amount) FILTER (WHERE coalesce(cp.currency, rc.currency) = rc.currency) AS revenue,
         sum(cp.quantity) AS units
  FROM conversion_products cp
  JOIN conversions c ON c.site_id = cp.site_id AND c.event_id = cp.event_id
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
