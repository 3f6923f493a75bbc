-- A product's key in every table: its `id`, else its `name` (NULL when it has neither: such a
-- product is in no product table). `p` is one item of a lake row's `products`.
CREATE OR REPLACE MACRO al_product_id(p) AS coalesce(p.id, p.name);
