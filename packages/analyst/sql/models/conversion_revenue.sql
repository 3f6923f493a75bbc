-- conversion_revenue: each conversion that has a value, with the currency it is counted in (a step
-- kept inside DuckDB, read by sessions, profiles, channel_daily and products).
--
-- currency: the conversion's own, else the site's reporting currency (reporting_currency.sql).
-- reporting: whether it is in the reporting currency, i.e. counted in the `revenue` columns.

SELECT c.site_id, c.event_id, c.session_id, c.person_id, c.occurred_at, c.value,
       coalesce(c.currency, r.currency) AS currency,
       coalesce(c.currency, r.currency) = r.currency AS reporting
FROM conversions c
JOIN reporting_currency r USING (site_id)
WHERE c.value IS NOT NULL
