-- person_events: the events every derived table is built from (kept in DuckDB, not written to the lake).
--
-- * bots (bot.is_bot) are left out;
-- * person_id comes from identity_map (built just before): an event with a real user_id belongs to
--   that user's person, any other to the person of its anonymous_id;
-- * user_id is NULL when it is a placeholder ('null', 'guest', ...: no identity_map row);
-- * is_pageview: action_type 'pageview'.

SELECT e.* EXCLUDE (person_id, user_id),
       u.id AS user_id,
       coalesce(u.person_id, a.person_id) AS person_id,
       e.action_type = 'pageview' AS is_pageview
FROM events e
LEFT JOIN identity_map u ON u.site_id = e.site_id AND u.id_type = 'user_id' AND u.id = e.user_id
LEFT JOIN identity_map a ON a.site_id = e.site_id AND a.id_type = 'anonymous_id' AND a.id = e.anonymous_id
WHERE NOT coalesce(e.bot.is_bot, false)
