-- The person of an event: the one rule that gives every row its person_id, applied by `compact`
-- (the person_id column of tables/events) and by the models (person_events.sql) alike.
--
-- A row belongs to the person of its user_id when identity_map has that user id (placeholder user
-- ids such as 'null' or 'guest' get no row there), else to the person of its anonymous_id: so a
-- placeholder user id, or one left out for any other reason, falls back to the device.
-- identity_map.sql says which person each id belongs to (a device seen with a user goes to the
-- user's person, a shared device to no one's).
--
-- al_with_person('rows'): every row of the table, view or CTE named `rows` (columns site_id,
-- user_id, anonymous_id, and any others), with person_id by this rule (replacing a person_id the
-- rows had) and person_user_id, the user id the person was found by (NULL: by the device). Reads
-- the table identity_map, which must exist when it is called.
CREATE OR REPLACE MACRO al_with_person(rows) AS TABLE
  SELECT r.*, coalesce(u.person_id, a.person_id) AS person_id, u.id AS person_user_id
  FROM (SELECT COLUMNS(c -> c NOT IN ('person_id', 'person_user_id')) FROM query_table(rows)) r
  LEFT JOIN identity_map u ON u.site_id = r.site_id AND u.id_type = 'user_id' AND u.id = r.user_id
  LEFT JOIN identity_map a ON a.site_id = r.site_id AND a.id_type = 'anonymous_id' AND a.id = r.anonymous_id;
