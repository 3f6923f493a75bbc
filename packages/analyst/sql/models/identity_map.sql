-- {{ config(materialized='table', order_by='id_type, id') }}
-- identity_map: which person each id belongs to (columns: identity_map.md).
--
-- The ids of a person (contract §7 "Person", §10 "Identity"), strongest first:
--   user_id       the site's own login id; an email as email_sha256 (every app's rows carry one when
--   email         the app knew the address: an identify's traits, a newsletter open, a shop order,
--   anonymous_id  an imported contact); the browser's anonymous_id.
-- The rule, id by id:
--   * a user_id is a person (keyed by 'p' + 16 hex of md5('user_id:' || user_id)); an `alias`
--     (attributes.previous_id → user_id, the server API) makes the previous user id the new one's
--     person, following a chain of aliases up to 8 steps;
--   * an email seen with user ids (rows carrying both) belongs to the person of the user it was
--     seen with last, when it was seen with 1 to 3 of them; else (none, or more than 3: a shared
--     inbox) it is a person of its own: 'p' + md5('email:' || email_sha256);
--   * an anonymous_id seen with 1 to 3 user ids (after identify, or an alias whose previousId it
--     is) belongs to the person of the user it was seen with last; seen with none, but with 1 to
--     3 emails (identify traits without a user id, a shop order carrying the visitor's id), to
--     the person of the email it was seen with last; else it is a person of its own:
--     'p' + md5('anonymous_id:' || anonymous_id). So a user id outranks an email, and an email an
--     anonymous_id;
--   * a placeholder user id ('', 'null', 'undefined', '0', '-1', 'anonymous', 'guest', ...) is no
--     id: it merges nobody and gets no row. An id seen with more than 3 of a stronger kind (a shop
--     counter's device, a family's inbox) merges no one: it stays a person of its own;
--   * a click id (`gclid:…`, `gbraid:…`, id_type 'click_id') has a row only when a row carries it
--     and no other id (an imported offline conversion): it belongs to the person of the browser
--     (anonymous_id) that first landed with it, else it is a person of its own
--     ('p' + md5('click_id:' || id)).
-- The person_id: 'p' + 16 hex of md5('<id_type>:' || id) of the person's id seen first (ties: by
-- id type, then id): a never-identified visitor is named after their device, and a visitor who
-- identifies later keeps that name, now for the user's rows too; only the rows of the ids that join
-- an older person change person_id (a second device, an email that meets a user). So an identify
-- rewrites the history of the ids it moves, not of everyone's days (contract §7 "Incremental").
-- Bots (bot.is_bot) are left out. The same ids give the same person_id on every run.
-- sql/macros/person.sql gives each row its person from this map.
--
-- Reads the view `events` (site_id, anonymous_id, user_id, email_sha256, click_ids, action_type,
-- attributes of alias rows, occurred_at, bot). One row per site, id_type and id.

WITH RECURSIVE placeholder_user_ids(id) AS (
  VALUES (''), ('null'), ('undefined'), ('0'), ('-1'), ('anonymous'), ('anon'), ('guest'), ('none'),
         ('nil'), ('na'), ('n/a'), ('nan'), ('unknown'), ('not set'), ('(not set)'), ('not_set'),
         ('false'), ('true'), ('[object object]'), ('visitor'), ('email'),
         ('00000000-0000-0000-0000-000000000000')
),
rows AS (
  SELECT site_id, anonymous_id, email_sha256, click_ids, occurred_at,
         CASE WHEN lower(trim(user_id)) IN (SELECT id FROM placeholder_user_ids) THEN NULL ELSE user_id END AS user_id,
         CASE WHEN action_type = 'alias' THEN json_extract_string(attributes, '$.previous_id') END AS previous_id
  FROM events
  WHERE NOT coalesce(bot.is_bot, false)
),
-- alias: previous id → user id (the last alias of each previous id)
aliases AS (
  SELECT site_id, previous_id, arg_max(user_id, occurred_at) AS user_id
  FROM rows
  WHERE previous_id IS NOT NULL AND user_id IS NOT NULL AND previous_id <> user_id
    AND lower(trim(previous_id)) NOT IN (SELECT id FROM placeholder_user_ids)
  GROUP BY site_id, previous_id
),
-- where each aliased user id's chain of aliases ends (at most 8 steps: a cycle ends somewhere fixed)
alias_steps(site_id, user_id, target, step) AS (
  SELECT site_id, previous_id, user_id, 1 FROM aliases
  UNION ALL
  SELECT s.site_id, s.user_id, a.user_id, s.step + 1
  FROM alias_steps s JOIN aliases a ON a.site_id = s.site_id AND a.previous_id = s.target
  WHERE s.step < 8
),
alias_ends AS (
  SELECT site_id, user_id, arg_max(target, step) AS target FROM alias_steps GROUP BY site_id, user_id
),
users AS (
  SELECT r.site_id, r.user_id, min(r.occurred_at) AS first_seen, max(r.occurred_at) AS last_seen,
         'p' || left(md5('user_id:' || coalesce(any_value(e.target), r.user_id)), 16) AS person_id
  FROM rows r
  LEFT JOIN alias_ends e ON e.site_id = r.site_id AND e.user_id = r.user_id
  WHERE r.user_id IS NOT NULL
  GROUP BY r.site_id, r.user_id
),
emails AS (
  SELECT site_id, email_sha256,
         min(occurred_at) AS first_seen,
         max(occurred_at) AS last_seen,
         count(DISTINCT user_id) AS user_ids,
         arg_max(user_id, occurred_at) FILTER (WHERE user_id IS NOT NULL) AS last_user_id
  FROM rows
  WHERE email_sha256 IS NOT NULL
  GROUP BY site_id, email_sha256
),
email_persons AS (
  SELECT m.site_id, m.email_sha256, m.first_seen, m.last_seen, m.user_ids,
         CASE WHEN m.user_ids BETWEEN 1 AND 3 THEN u.person_id
              ELSE 'p' || left(md5('email:' || m.email_sha256), 16) END AS person_id
  FROM emails m
  LEFT JOIN users u ON u.site_id = m.site_id AND u.user_id = m.last_user_id
),
-- each anonymous_id with the user ids and emails it was seen with; an alias of it counts as a user
anonymous_links AS (
  SELECT site_id, anonymous_id, user_id, email_sha256, occurred_at, true AS seen
  FROM rows WHERE anonymous_id IS NOT NULL
  UNION ALL
  SELECT site_id, previous_id, user_id, NULL, occurred_at, false
  FROM rows WHERE previous_id IS NOT NULL AND user_id IS NOT NULL
),
anonymous AS (
  SELECT site_id, anonymous_id,
         min(occurred_at) FILTER (WHERE seen) AS first_seen,
         max(occurred_at) FILTER (WHERE seen) AS last_seen,
         count(DISTINCT user_id) AS user_ids,
         arg_max(user_id, occurred_at) FILTER (WHERE user_id IS NOT NULL) AS last_user_id,
         count(DISTINCT email_sha256) AS emails,
         arg_max(email_sha256, occurred_at) FILTER (WHERE email_sha256 IS NOT NULL) AS last_email
  FROM anonymous_links
  GROUP BY site_id, anonymous_id
  HAVING bool_or(seen)
),
anonymous_persons AS (
  SELECT a.site_id, a.anonymous_id, a.first_seen, a.last_seen, a.user_ids,
         CASE WHEN a.user_ids BETWEEN 1 AND 3 THEN u.person_id
              WHEN a.user_ids = 0 AND a.emails BETWEEN 1 AND 3 THEN m.person_id
              ELSE 'p' || left(md5('anonymous_id:' || a.anonymous_id), 16) END AS person_id
  FROM anonymous a
  LEFT JOIN users u ON u.site_id = a.site_id AND u.user_id = a.last_user_id
  LEFT JOIN email_persons m ON m.site_id = a.site_id AND m.email_sha256 = a.last_email
),
-- click ids of rows that carry no other id, and the browser that first landed with each
clicks AS (
  SELECT site_id, anonymous_id, occurred_at, user_id IS NULL AND email_sha256 IS NULL AND anonymous_id IS NULL AS lone,
         al_click_key(click_ids) AS click_id
  FROM rows
  WHERE click_ids IS NOT NULL AND (anonymous_id IS NOT NULL OR (user_id IS NULL AND email_sha256 IS NULL))
),
lone_clicks AS (
  SELECT site_id, click_id, min(occurred_at) AS first_seen, max(occurred_at) AS last_seen
  FROM clicks
  WHERE lone AND click_id IS NOT NULL
  GROUP BY site_id, click_id
),
landings AS (
  SELECT site_id, click_id, arg_min(anonymous_id, occurred_at) AS anonymous_id
  FROM clicks
  SEMI JOIN lone_clicks USING (site_id, click_id)
  WHERE NOT lone
  GROUP BY site_id, click_id
),
-- every id with the person the rules above give it, named by the id it hangs on (`person_key`: a
-- user id's, an email's, a device's or a click id's hash)
keyed AS (
  SELECT site_id, 'user_id' AS id_type, user_id AS id, person_id AS person_key, first_seen, last_seen, NULL::BIGINT AS user_ids
  FROM users
  UNION ALL
  SELECT site_id, 'email', email_sha256, person_id, first_seen, last_seen, user_ids
  FROM email_persons
  UNION ALL
  SELECT site_id, 'anonymous_id', anonymous_id, person_id, first_seen, last_seen, user_ids
  FROM anonymous_persons
  UNION ALL
  SELECT c.site_id, 'click_id', c.click_id,
         coalesce(a.person_id, 'p' || left(md5('click_id:' || c.click_id), 16)),
         c.first_seen, c.last_seen, NULL::BIGINT
  FROM lone_clicks c
  LEFT JOIN landings l ON l.site_id = c.site_id AND l.click_id = c.click_id
  LEFT JOIN anonymous_persons a ON a.site_id = l.site_id AND a.anonymous_id = l.anonymous_id
),
-- a person's person_id is named after the id of theirs seen first (ties: by id type, then id), so
-- the earlier rows of a visitor who identifies, or of an email that meets a user, keep their person_id
anchors AS (
  SELECT site_id, person_key,
         'p' || left(md5(arg_min(id_type || ':' || id, {'at': first_seen, 'type': id_type, 'id': id})), 16) AS person_id
  FROM keyed
  GROUP BY site_id, person_key
)
SELECT k.site_id, k.id_type, k.id, a.person_id, k.first_seen, k.last_seen, k.user_ids
FROM keyed k
JOIN anchors a ON a.site_id = k.site_id AND a.person_key = k.person_key
