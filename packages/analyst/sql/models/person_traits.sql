-- {{ config(materialized='temp', incremental='person') }}
-- person_traits (a step of profiles, not written): the latest identify traits and consent state of
-- each person, and their first and last event of any app, in one pass over the events.

SELECT site_id, person_id,
       min(occurred_at) AS first_seen,
       max(occurred_at) AS last_seen,
       arg_max(traits, occurred_at) FILTER (WHERE CAST(traits AS VARCHAR) NOT IN ('{}', 'null')) AS traits,
       arg_max(consent_state, occurred_at) FILTER (WHERE consent_state IS NOT NULL) AS consent
FROM person_events
GROUP BY site_id, person_id
