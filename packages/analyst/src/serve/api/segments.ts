/**
 * GET /api/segments?where=…: the persons whose profiles row matches a predicate (SQL over
 * tables/profiles, as `actionlake segment --where` takes it) among those with a session in the
 * period: how many, how they split by first-touch channel, and the first SEGMENT_LIST_ROWS of them
 * (most recently seen first). The predicate is checked first (../predicate.ts: one condition, no
 * more) and runs on the locked reader (../reader.ts); an error is a 422 that says what DuckDB said
 * and names the columns of profiles. The file downloads are ./segment-downloads.ts.
 */
import { segmentSelect } from '../../report/segment';
import { checkPredicate, MAX_PREDICATE_CHARS, PredicateError } from '../predicate';
import { QueryError, type Values } from '../reader';
import { inPeriod, periodValues, reportingCurrency, type ApiContext, type Endpoint } from './endpoint';

export const SEGMENT_LIST_ROWS = 100;

/** the condition of a segment in the period: the site, a session in the period, the predicate */
export const segmentCondition = (where: string) =>
  `site_id = $site AND person_id IN (SELECT person_id FROM sessions WHERE site_id = $site AND ${inPeriod('started_at')}) AND (${where})`;

/** The persons as `actionlake segment --out` writes them (site_id, person_id, user_id, anonymous_ids). */
export const segmentFileSelect = (where: string) => segmentSelect(segmentCondition(where));

export const segmentValues = (ctx: ApiContext): Values => periodValues(ctx.site, ctx.range);

const SPLIT = (where: string) => `
SELECT coalesce(first_touch_channel, '(none)') AS channel, count(*)::BIGINT AS persons
FROM profiles WHERE ${segmentCondition(where)}
GROUP BY 1 ORDER BY persons DESC, channel`;

const LIST = (where: string) => `
SELECT person_id, user_id, strftime(first_seen, '%Y-%m-%d') AS first_seen, strftime(last_seen, '%Y-%m-%d') AS last_seen,
       sessions::BIGINT AS sessions, conversions::BIGINT AS conversions, revenue::DOUBLE AS revenue,
       first_touch_channel, last_touch_channel
FROM profiles WHERE ${segmentCondition(where)}
ORDER BY last_seen DESC, person_id
LIMIT ${SEGMENT_LIST_ROWS}`;

export const segments: Endpoint = {
  name: 'segments',
  params: { where: { kind: 'text', max: MAX_PREDICATE_CHARS, required: true } },
  tables: ['profiles', 'sessions'],
  async run(ctx) {
    const where = await checkedWhere(ctx);
    const values = segmentValues(ctx);
    const split = await explained(ctx, () => ctx.reader.rows<{ channel: string; persons: number }>(SPLIT(where), values));
    return {
      site: ctx.site,
      where,
      currency: await reportingCurrency(ctx),
      current: ctx.range,
      count: split.reduce((n, r) => n + r.persons, 0),
      by_first_touch_channel: split,
      persons: await explained(ctx, () => ctx.reader.rows(LIST(where), values)),
    };
  },
};

/** The request's predicate, checked (a PredicateError, a 422, when it is not one condition). */
export async function checkedWhere(ctx: ApiContext): Promise<string> {
  const where = (ctx.values.where as string).trim();
  await checkPredicate(ctx.reader, where);
  return where;
}

/**
 * Runs a query of the predicate: whatever stops it (DuckDB's error, the time or row limit) is the
 * predicate's, a PredicateError (422); DuckDB's own error names the columns of profiles.
 */
export async function explained<T>(ctx: ApiContext, query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (err) {
    if (!(err instanceof QueryError)) throw err;
    if (err.kind !== 'sql') throw new PredicateError(err.message); // too long, too many rows, refused
    const cols = await ctx.reader.rows<{ column_name: string }>(
      "SELECT column_name FROM duckdb_columns() WHERE table_name = 'profiles' ORDER BY column_index");
    throw new PredicateError(`${err.message} (columns of profiles: ${cols.map((c) => c.column_name).join(', ')})`);
  }
}
