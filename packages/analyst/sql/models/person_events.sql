-- {{ config(materialized='view', incremental='person') }}
-- depends_on: identity_map
-- person_events: the events every derived table is built from (a view in DuckDB, not written to
-- the lake), with only the columns the models use.
--
-- * bots (bot.is_bot) are left out;
-- * person_id: the person rule (sql/macros/person.sql, the one compact applies too) over
--   identity_map (built just before): an event belongs to the person of its real user_id, else of
--   its email, else of its anonymous_id, else of its click id (an imported offline conversion);
-- * session_id is NULL on the rows of other apps (contract §10): they are events, touches of the
--   person's timeline and conversions, never part of a session; origin_kind says which app
--   (`browser` for sdk.js and for rows written before origin existed);
-- * user_id is NULL when it is a placeholder ('null', 'guest', ...: no identity_map row);
-- * is_pageview: action_type 'pageview'; path, referrer, country, device_type, browser and
--   consent_state flattened from page, geo, ua and consent.

SELECT e.site_id, e.event_id,
       e.person_id,
       e.person_user_id AS user_id,
       e.anonymous_id, e.email_sha256, e.session_id, e.action, e.occurred_at,
       coalesce(e.origin.kind, 'browser') AS origin_kind,
       e.action_type = 'pageview' AS is_pageview,
       e.page.path AS path,
       nullif(e.page.referrer, '') AS referrer,
       e.utm, e.click_ids, e.source, e.source_type, e.channel,
       e.geo.country AS country,
       e.ua.device.type AS device_type,
       e.ua.browser.name AS browser,
       e.products, e.attributes, e.traits,
       e.consent.state AS consent_state
FROM al_with_person('events') e
WHERE NOT coalesce(e.bot.is_bot, false)
