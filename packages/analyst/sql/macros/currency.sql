-- Revenue per currency, for the `revenue_by_currency` columns of sessions, profiles, channel_daily
-- and products: al_by_currency(list({'currency': ..., 'value': ...})) sums the values of each
-- currency into a map, currency (sorted) -> Σ value. Used as al_by_currency(list(...)) over a group's
-- rows; a group has a handful of currencies, so the filter per currency costs little.
CREATE OR REPLACE MACRO al_by_currency(entries) AS
  map_from_entries(list_transform(
    list_sort(list_distinct(list_transform(list_filter(entries, e -> e.value IS NOT NULL), e -> e.currency))),
    k -> {'key': k, 'value': list_sum(list_transform(list_filter(entries, e -> e.currency = k), e -> e.value))::DOUBLE}));

-- no revenue: an empty map of the same type
CREATE OR REPLACE MACRO al_no_revenue() AS MAP {}::MAP(VARCHAR, DOUBLE);
