-- PLACEHOLDER (analyst-compact): the analyst-models branch replaces this with the real stitching
-- rules (placeholder user ids, shared devices). Contract: one SELECT over the view `events` with
-- the columns id_type ('anonymous_id' | 'user_id'), id, person_id, first_seen, last_seen; every
-- anonymous_id and every user_id of `events` gets exactly one row.
-- Placeholder rule: a user_id is its own person; an anonymous_id is the person of the first user_id
-- it was seen with, else its own.
WITH ids AS (
  SELECT 'user_id' AS id_type, user_id AS id, 'u:' || user_id AS person_id,
         min(occurred_at) AS first_seen, max(occurred_at) AS last_seen
  FROM events WHERE user_id IS NOT NULL AND user_id <> ''
  GROUP BY user_id
), anon AS (
  SELECT 'anonymous_id' AS id_type, anonymous_id AS id,
         coalesce('u:' || arg_min(user_id, occurred_at) FILTER (WHERE user_id IS NOT NULL AND user_id <> ''), 'a:' || anonymous_id) AS person_id,
         min(occurred_at) AS first_seen, max(occurred_at) AS last_seen
  FROM events GROUP BY anonymous_id
)
SELECT * FROM ids UNION ALL SELECT * FROM anon
