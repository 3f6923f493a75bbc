/**
 * What one /api/<view> endpoint is: the parameters it takes beyond site, from, to and compare
 * (../params.ts checks them all before it runs), the tables it reads (a missing one is a 409 that
 * says to run `actionlake build`), and run(), which answers with JSON-able data. Every endpoint's
 * SQL reads the tables through their contract columns (contract §7) and takes values only as bound
 * parameters: $site, and a period's $from / $to (days, inclusive; `periodValues`).
 */
import type { Parsed, ParamSpec, Range } from '../params';
import type { Reader, Values } from '../reader';
import type { TableSet } from '../tables';

export interface ApiContext extends Parsed {
  reader: Reader;
  tables: TableSet;
}

export interface Endpoint {
  name: string;
  params: Record<string, ParamSpec>;
  /** the tables it reads */
  tables: string[];
  run(ctx: ApiContext): Promise<unknown>;
}

/** $site, $from, $to of one period. In SQL: `t >= $from::DATE AND t < $to::DATE + 1` (UTC days). */
export const periodValues = (site: string, r: Range): Values => ({ site, from: r.from, to: r.to });

/** SQL: timestamp column `col` within the period's days */
export const inPeriod = (col: string) => `${col} >= $from::DATE AND ${col} < $to::DATE + 1`;

/**
 * SQL: rows of tables/events within the period. `dt` (the day the collector received a row, a
 * Hive partition) lets DuckDB skip the files of earlier days; a row is received after it happened,
 * so nothing of the period is skipped (a day of margin for a sender's clock ahead of the collector's).
 */
export const eventsInPeriod = (alias = '') => {
  const a = alias ? `${alias}.` : '';
  return `${a}site_id = $site AND ${a}dt >= $from::DATE - 1 AND ${inPeriod(`${a}occurred_at`)} AND NOT coalesce(${a}bot.is_bot, false)`;
};

const kept = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * What `compute` gives, kept under `key` until the tables change (a build: the next listing has a
 * new `tables.names`): answers that read whole tables and not the request's range (the site's
 * currency, its days, the funnel's choices) are computed once, not on every request. A failure
 * (a timeout) is not kept.
 */
export function untilRebuilt<T>(tables: TableSet, key: string, compute: () => Promise<T>): Promise<T> {
  let byKey = kept.get(tables.names);
  if (!byKey) kept.set(tables.names, (byKey = new Map()));
  let p = byKey.get(key) as Promise<T> | undefined;
  if (!p) {
    p = compute();
    byKey.set(key, p);
    p.catch(() => byKey!.delete(key));
  }
  return p;
}

/** The site's reporting currency (the `revenue` columns' currency, contract §7), or null before any session. */
export function reportingCurrency(ctx: ApiContext): Promise<string | null> {
  return untilRebuilt(ctx.tables, `currency ${ctx.site}`, async () => {
    const [row] = await ctx.reader.rows<{ currency: string | null }>(
      'SELECT any_value(revenue_currency) AS currency FROM sessions WHERE site_id = $site', { site: ctx.site });
    return row?.currency ?? null;
  });
}
