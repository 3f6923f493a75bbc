-- PLACEHOLDER (analyst-compact): the analyst-models branch replaces this with the GA4 default
-- channel group rules. Contract: a DuckDB macro `channel(utm, click_ids, source, source_type, referrer)`
-- returning the channel name of one events row; compact calls it as
--   channel(utm, click_ids, source, source_type, page.referrer)
CREATE OR REPLACE MACRO channel(utm, click_ids, source, source_type, referrer) AS
  CASE
    WHEN source_type = 'paid' THEN 'Paid Other'
    WHEN source_type = 'search' THEN 'Organic Search'
    WHEN source_type = 'social' THEN 'Organic Social'
    WHEN source_type = 'email' THEN 'Email'
    WHEN source_type = 'referral' THEN 'Referral'
    WHEN source_type = 'direct' THEN 'Direct'
    ELSE 'Unassigned'
  END;
