-- Revenue per currency, for the `revenue_by_currency` columns of sessions, profiles, channel_daily
-- and products: al_by_currency(list({'currency': ..., 'value': ...})) sums the values of each
-- currency into a map, currency (sorted) -> Σ value, over a group's rows; a group has a handful of
-- currencies, so the filter per currency costs little.
CREATE OR REPLACE MACRO al_by_currency(entries) AS
  map_from_entries(list_transform(
    list_sort(list_distinct(list_transform(list_filter(entries, e -> e.value IS NOT NULL), e -> e.currency))),
    k -> {'key': k, 'value': list_sum(list_transform(list_filter(entries, e -> e.currency = k), e -> e.value))::DOUBLE}));

-- The revenue of a group of conversion_revenue rows (conversion_revenue.sql), as the tables show it:
-- {'revenue': Σ value in the reporting currency, 'by_currency': currency -> Σ value}. An aggregate:
-- use it over a GROUP BY.
CREATE OR REPLACE MACRO al_revenue(currency, value, reporting) AS
  {'revenue': sum(value) FILTER (WHERE reporting), 'by_currency': al_by_currency(list({'currency': currency, 'value': value}))};

-- no revenue: an empty map of the same type
CREATE OR REPLACE MACRO al_no_revenue() AS MAP {}::MAP(VARCHAR, DOUBLE);
