-- PLACEHOLDER (analyst-compact): the analyst-models branch replaces this with the real stitching
-- rules (placeholder user ids, shared devices). Contract: one SELECT over the view `events` with
-- the columns id_type ('anonymous_id' | 'user_id'), id, person_id, first_seen, last_seen; every
-- anonymous_id and every user_id of `events` gets exactly one row.
-- When compact runs it (to give events rows their person_id), the view `events` has only these
-- columns (src/compact/stage.ts ID_COLUMNS): event_id, site_id, action, action_type, anonymous_id,
-- session_id, user_id, traits, occurred_at, received_at, collector_id, bot, consent, dt.
-- Timestamps are TIMESTAMPTZ (UTC; DuckDB here has no ICU extension).
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
