-- A product's key in every table: its `id`, else its `name` (NULL when it has neither: such a
-- product is in no product table). `p` is one item of a lake row's `products`.
CREATE OR REPLACE MACRO al_product_id(p) AS coalesce(p.id, p.name);

-- A person as product_daily lists them (person_keys): the first 64 bits of the MD5 of person_id,
-- a UBIGINT that any engine computes alike, so days built apart (an incremental build, another
-- DuckDB version) count one person once. Counting distinct keys instead of ids is twice as fast
-- for the dashboard; two persons of a site share a key with odds of n² / 2⁶⁵ (3 in 100 million
-- for a million persons).
CREATE OR REPLACE MACRO al_person_key(person_id) AS ('0x' || left(md5(person_id), 16))::UBIGINT;
