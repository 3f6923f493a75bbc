-- The person of an event: the one rule that gives every row its person_id, applied by `compact`
-- (the person_id column of tables/events) and by the models (person_events.sql) alike.
--
-- A row belongs to the person of its strongest id that identity_map has: its user_id (placeholder
-- user ids such as 'null' or 'guest' get no row there), else its email_sha256, else its
-- anonymous_id, else (a row carrying none of those: an imported offline conversion) its click id.
-- So a placeholder user id, or one left out for any other reason, falls back to the email or the
-- device. identity_map.sql says which person each id belongs to (a device seen with a user goes
-- to the user's person, an email likewise, a device seen only with an email to the email's person,
-- a shared device or inbox to no one's).
--
-- al_with_person('rows'): every row of the table, view or CTE named `rows` (columns site_id,
-- user_id, email_sha256, anonymous_id, click_ids, and any others), with person_id by this rule
-- (replacing a person_id the rows had) and person_user_id, the user id the person was found by
-- (NULL: by an email, the device or a click id). Reads the table identity_map, which must exist
-- when it is called. al_with_person_in('rows', 'map') does the same with the identity map in the
-- table `map` (erase and export build one of their own, bots included: privacy/person.ts).
CREATE OR REPLACE MACRO al_with_person_in(rows, map) AS TABLE
  SELECT r.*, coalesce(u.person_id, e.person_id, a.person_id, k.person_id) AS person_id, u.id AS person_user_id
  FROM (SELECT COLUMNS(c -> c NOT IN ('person_id', 'person_user_id')) FROM query_table(rows)) r
  LEFT JOIN query_table(map) u ON u.site_id = r.site_id AND u.id_type = 'user_id' AND u.id = r.user_id
  LEFT JOIN query_table(map) e ON e.site_id = r.site_id AND e.id_type = 'email' AND e.id = r.email_sha256
  LEFT JOIN query_table(map) a ON a.site_id = r.site_id AND a.id_type = 'anonymous_id' AND a.id = r.anonymous_id
  LEFT JOIN query_table(map) k ON k.site_id = r.site_id AND k.id_type = 'click_id'
   AND k.id = CASE WHEN r.user_id IS NULL AND r.email_sha256 IS NULL AND r.anonymous_id IS NULL THEN al_click_key(r.click_ids) END;

CREATE OR REPLACE MACRO al_with_person(rows) AS TABLE SELECT * FROM al_with_person_in(rows, 'identity_map');

-- The click id of a row as identity_map names it: '<type>:<value>' of the ad click id the channel
-- rule reads first (al_click_id_type of channel.sql: gclid, gbraid, wbraid, dclid, msclkid, ...),
-- e.g. 'gclid:Cj0KCQ…'; NULL without one.
CREATE OR REPLACE MACRO al_click_key(click_ids) AS
  list_transform([{'t': al_click_id_type(click_ids), 'c': click_ids}], x -> x.t || ':' || json_extract_string(x.c, '$."' || x.t || '"'))[1];
