-- {{ config(materialized='table', order_by='id_type, id') }}
-- identity_map: which person each id belongs to (columns: identity_map.md).
--
-- Rules (contract §7, "Person"):
--   * a user_id is a person: person_id = 'p' + 16 hex of md5('user_id:' || user_id);
--   * an anonymous_id seen with a user_id (after identify) belongs to that user's person, so a
--     visitor's devices meet in one person; seen with 2 or 3 user ids (a couple's laptop), it goes
--     to the one it was seen with last;
--   * a placeholder user id ('', 'null', 'undefined', '0', '-1', 'anonymous', 'guest', ...) is no id:
--     it merges nobody and gets no row;
--   * an anonymous_id seen with more than 3 different user ids is a shared device (a shop counter,
--     a library): it merges no one and stays a person of its own, as does a visitor never
--     identified: person_id = 'p' + 16 hex of md5('anonymous_id:' || anonymous_id).
-- Bots (bot.is_bot) are left out. Person ids are stable: the same ids give the same person_id on
-- every run, and a visitor who identifies later moves to the user's person.
--
-- Reads the view `events` (site_id, anonymous_id, user_id, occurred_at, bot). One row per site and id.

WITH placeholder_user_ids(id) AS (
  VALUES (''), ('null'), ('undefined'), ('0'), ('-1'), ('anonymous'), ('anon'), ('guest'), ('none'),
         ('nil'), ('na'), ('n/a'), ('nan'), ('unknown'), ('not set'), ('(not set)'), ('not_set'),
         ('false'), ('true'), ('[object object]'), ('visitor'), ('email'),
         ('00000000-0000-0000-0000-000000000000')
),
rows AS (
  SELECT site_id, anonymous_id, occurred_at,
         CASE WHEN lower(trim(user_id)) IN (SELECT id FROM placeholder_user_ids) THEN NULL ELSE user_id END AS user_id
  FROM events
  WHERE NOT coalesce(bot.is_bot, false)
),
anonymous AS (
  SELECT site_id, anonymous_id,
         min(occurred_at) AS first_seen,
         max(occurred_at) AS last_seen,
         count(DISTINCT user_id) AS user_ids,
         arg_max(user_id, occurred_at) FILTER (WHERE user_id IS NOT NULL) AS last_user_id
  FROM rows
  GROUP BY site_id, anonymous_id
),
users AS (
  SELECT site_id, user_id, min(occurred_at) AS first_seen, max(occurred_at) AS last_seen
  FROM rows
  WHERE user_id IS NOT NULL
  GROUP BY site_id, user_id
)
SELECT site_id, 'user_id' AS id_type, user_id AS id,
       'p' || left(md5('user_id:' || user_id), 16) AS person_id,
       first_seen, last_seen, NULL::BIGINT AS user_ids
FROM users
UNION ALL
SELECT site_id, 'anonymous_id' AS id_type, anonymous_id AS id,
       CASE WHEN user_ids BETWEEN 1 AND 3 THEN 'p' || left(md5('user_id:' || last_user_id), 16)
            ELSE 'p' || left(md5('anonymous_id:' || anonymous_id), 16) END AS person_id,
       first_seen, last_seen, user_ids
FROM anonymous
