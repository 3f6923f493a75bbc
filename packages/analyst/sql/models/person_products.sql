-- person_products (a step of profiles, not written): every product each person interacted with
-- (any event carrying it: viewed, clicked, bought), by product id (the name when there is no id),
-- most interactions first.

WITH product_rows AS (
  SELECT site_id, person_id, coalesce(p.id, p.name) AS product_id, p.name, p.brand
  FROM (SELECT site_id, person_id, unnest(products) AS p FROM person_events WHERE len(products) > 0)
  WHERE coalesce(p.id, p.name) IS NOT NULL
)
SELECT site_id, person_id,
       list({'id': product_id, 'name': name, 'brand': brand, 'interactions': interactions} ORDER BY interactions DESC, product_id) AS products
FROM (SELECT site_id, person_id, product_id, max(name) AS name, max(brand) AS brand, count(*) AS interactions
      FROM product_rows GROUP BY ALL)
GROUP BY site_id, person_id
