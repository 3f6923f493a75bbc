-- conversions: one row per conversion event (columns: conversions.md).
--
-- Rules (contract §7, "Conversion"): an event is a conversion when its `action` is listed in
-- config/site_id=<site>/model.json ({"conversions": ["Order completed"], "lookback_days": 30}) or
-- is the name of an action definition with "conversion": true in config/site_id=<site>/actions.json.
-- `actionlake models` loads both into the table conversion_actions(site_id, action).
-- Value: Σ price × quantity (quantity 1 when absent) over the products that have a price; without
-- priced products, the numeric attribute `revenue`, else `value`; else NULL (a conversion without a
-- value, e.g. a sign-up). Currency: the first product's, else the attribute `currency`.

SELECT e.site_id, e.event_id, e.person_id, e.session_id, e.action, e.occurred_at,
       coalesce(
         list_sum(list_transform(list_filter(e.products, p -> p.price IS NOT NULL),
                                 p -> p.price * coalesce(p.quantity, 1))),
         try_cast(json_extract_string(e.attributes, '$.revenue') AS DOUBLE),
         try_cast(json_extract_string(e.attributes, '$.value') AS DOUBLE)) AS value,
       coalesce(list_filter(e.products, p -> p.currency IS NOT NULL)[1].currency,
                upper(json_extract_string(e.attributes, '$.currency'))) AS currency
FROM person_events e
SEMI JOIN conversion_actions c ON c.site_id = e.site_id AND c.action = e.action
