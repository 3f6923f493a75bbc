-- {{ config(materialized='temp', incremental='person') }}
-- person_products (a step of profiles, not written): every product each person interacted with
-- (any event carrying it: viewed, clicked, bought), by product id (the name when there is no id),
-- most interactions first.
--
-- The order comes from list_sort on a leading sort key, not from list(... ORDER BY ...): DuckDB
-- keeps every group's input in memory for an ordered aggregate, which ran out of the default
-- 512 MB at 1M events (375k person × product rows); this one spills like any GROUP BY.

WITH product_rows AS (
  SELECT site_id, person_id, al_product_id(p) AS product_id, p.name, p.brand
  FROM (SELECT site_id, person_id, unnest(products) AS p FROM person_events WHERE len(products) > 0)
  WHERE al_product_id(p) IS NOT NULL
), counted AS (
  SELECT site_id, person_id, product_id, max(name) AS name, max(brand) AS brand, count(*) AS interactions
  FROM product_rows GROUP BY ALL
)
SELECT site_id, person_id,
       list_transform(
         list_sort(list({'rank': -interactions, 'id': product_id, 'name': name, 'brand': brand, 'interactions': interactions})),
         x -> {'id': x.id, 'name': x.name, 'brand': x.brand, 'interactions': x.interactions}
       ) AS products
FROM counted
GROUP BY site_id, person_id
