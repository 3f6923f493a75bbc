/**
 * GET /api/products: each product's interactions, persons and revenue within the period (and the
 * previous period's revenue), summed from tables/product_daily (contract §7), the rules of
 * tables/products by day:
 *
 * - a product is its `id`, else its `name`; name, brand and category are the latest seen;
 * - interactions: events carrying it, by action (`Product clicked`, `Added to cart`, …);
 * - persons: distinct persons whose events carried it (the distinct `person_keys` of the days);
 * - revenue: Σ price × quantity (1 when absent) of it in the period's conversions, counted where
 *   its currency (its own, else its conversion's) is the site's reporting currency, as the
 *   `revenue` of tables/products; units: the quantities sold.
 * Over a period holding every event, each figure equals tables/products'. The 200 products with
 * the most revenue (then persons) are listed. The rows of both periods ($lo: the previous
 * period's first day, else the period's): a row per product and day, however many events carried
 * it; each part reads only its columns (a CTE kept in memory would copy every key list).
 */
import { reportingCurrency, type Endpoint } from './endpoint';

export const PRODUCT_ROWS = 200;

const SQL = `
WITH days AS (
  SELECT * FROM product_daily WHERE site_id = $site AND dt >= $lo::DATE AND dt <= $to::DATE
),
cur AS (
  SELECT product_id,
         arg_max(name, dt) FILTER (WHERE name IS NOT NULL) AS name,
         arg_max(brand, dt) FILTER (WHERE brand IS NOT NULL) AS brand,
         arg_max(category, dt) FILTER (WHERE category IS NOT NULL) AS category,
         sum(revenue) AS revenue, sum(units) AS units
  FROM days WHERE dt >= $from::DATE
  GROUP BY 1
),
who AS (
  SELECT product_id, count(*)::BIGINT AS persons
  FROM (SELECT DISTINCT product_id, unnest(person_keys) AS k FROM days WHERE dt >= $from::DATE)
  GROUP BY 1
),
by_action AS (
  SELECT product_id, list({'action': action, 'events': n::INTEGER} ORDER BY n DESC, action) AS interactions
  FROM (SELECT product_id, e.key AS action, sum(e.value) AS n
        FROM (SELECT product_id, unnest(map_entries(interactions)) AS e FROM days WHERE dt >= $from::DATE)
        GROUP BY ALL)
  GROUP BY 1
),
before AS (
  SELECT product_id, sum(revenue) AS previous_revenue FROM days WHERE dt < $from::DATE GROUP BY 1
)
SELECT c.product_id, c.name, c.brand, c.category,
       coalesce(w.persons, 0)::BIGINT AS persons,
       b.interactions,
       coalesce(c.revenue, 0)::DOUBLE AS revenue,
       coalesce(c.units, 0)::DOUBLE AS units,
       coalesce(p.previous_revenue, 0)::DOUBLE AS previous_revenue
FROM cur c JOIN by_action b USING (product_id) LEFT JOIN who w USING (product_id) LEFT JOIN before p USING (product_id)
ORDER BY revenue DESC, persons DESC, c.product_id
LIMIT ${PRODUCT_ROWS}`;

export const products: Endpoint = {
  name: 'products',
  params: {},
  tables: ['product_daily', 'sessions'],
  async run(ctx) {
    const lo = ctx.previous?.from ?? ctx.range.from;
    const [currency, rows] = await Promise.all([
      reportingCurrency(ctx),
      ctx.reader.rows<Record<string, unknown>>(SQL, { site: ctx.site, lo, from: ctx.range.from, to: ctx.range.to }),
    ]);
    return {
      site: ctx.site,
      currency,
      current: ctx.range,
      previous: ctx.previous,
      rows: ctx.previous ? rows : rows.map((r) => ({ ...r, previous_revenue: null })),
    };
  },
};
