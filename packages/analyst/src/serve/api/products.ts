/**
 * GET /api/products: each product's interactions, persons and revenue within the period (and the
 * previous period's revenue), by the rules of tables/products (contract §7) applied to the
 * period's events instead of all time:
 *
 * - a product is its `id`, else its `name`; name, brand and category are the latest seen;
 * - interactions: events carrying it, by action (`Product clicked`, `Added to cart`, …);
 * - persons: distinct persons whose events carried it;
 * - revenue: Σ price × quantity (1 when absent) of it in the period's conversions (tables/conversions),
 *   counted where its currency (its own, else its conversion's, else the site's) is the site's
 *   reporting currency, as the `revenue` of tables/products; units: the quantities sold.
 * Over a period holding every event, each figure equals tables/products'. The 200 products with
 * the most revenue (then persons) are listed.
 */
import { reportingCurrency, type Endpoint } from './endpoint';

export const PRODUCT_ROWS = 200;

// one scan over both periods ($lo: the previous period's first day, else the period's); `cur`: in the period
const SQL = `
WITH carried AS MATERIALIZED (
  -- unnest() in the select list: a lateral join (FROM events e, unnest(e.products)) costs ten times more
  SELECT event_id, person_id, action, occurred_at, occurred_at >= $from::DATE AS cur, unnest(products) AS p
  FROM events
  WHERE site_id = $site AND dt >= $lo::DATE - 1 AND occurred_at >= $lo::DATE AND occurred_at < $to::DATE + 1
    AND NOT coalesce(bot.is_bot, false) AND len(products) > 0
),
items AS MATERIALIZED (
  SELECT *, coalesce(p.id, p.name) AS product_id FROM carried WHERE coalesce(p.id, p.name) IS NOT NULL
),
sold AS (
  SELECT i.product_id,
         sum(i.p.price * coalesce(i.p.quantity, 1)) FILTER (WHERE cur AND coalesce(i.p.currency, c.currency, $currency) = $currency) AS revenue,
         sum(i.p.price * coalesce(i.p.quantity, 1)) FILTER (WHERE NOT cur AND coalesce(i.p.currency, c.currency, $currency) = $currency) AS previous_revenue,
         sum(coalesce(i.p.quantity, 1)) FILTER (WHERE cur) AS units
  FROM items i JOIN conversions c ON c.site_id = $site AND c.event_id = i.event_id
  WHERE i.p.price IS NOT NULL
  GROUP BY 1
),
by_action AS (
  SELECT product_id, list({'action': action, 'events': n::INTEGER} ORDER BY n DESC, action) AS interactions
  FROM (SELECT product_id, action, count(*)::BIGINT AS n FROM items WHERE cur GROUP BY ALL)
  GROUP BY 1
)
SELECT i.product_id,
       arg_max(i.p.name, i.occurred_at) FILTER (WHERE i.p.name IS NOT NULL) AS name,
       arg_max(i.p.brand, i.occurred_at) FILTER (WHERE i.p.brand IS NOT NULL) AS brand,
       arg_max(i.p.category, i.occurred_at) FILTER (WHERE i.p.category IS NOT NULL) AS category,
       count(DISTINCT i.person_id)::BIGINT AS persons,
       any_value(b.interactions) AS interactions,
       coalesce(any_value(s.revenue), 0)::DOUBLE AS revenue,
       coalesce(any_value(s.units), 0)::DOUBLE AS units,
       coalesce(any_value(s.previous_revenue), 0)::DOUBLE AS previous_revenue
FROM items i JOIN by_action b USING (product_id) LEFT JOIN sold s USING (product_id)
WHERE i.cur
GROUP BY i.product_id
ORDER BY revenue DESC, persons DESC, i.product_id
LIMIT ${PRODUCT_ROWS}`;

export const products: Endpoint = {
  name: 'products',
  params: {},
  tables: ['events', 'conversions', 'sessions'],
  async run(ctx) {
    const currency = await reportingCurrency(ctx);
    const lo = ctx.previous?.from ?? ctx.range.from;
    const rows = await ctx.reader.rows<Record<string, unknown>>(SQL, { site: ctx.site, lo, from: ctx.range.from, to: ctx.range.to, currency });
    return {
      site: ctx.site,
      currency,
      current: ctx.range,
      previous: ctx.previous,
      rows: ctx.previous ? rows : rows.map((r) => ({ ...r, previous_revenue: null })),
    };
  },
};
