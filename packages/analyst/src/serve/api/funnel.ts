/**
 * GET /api/funnel?step=…&step=…: how many persons took each step in order within the period, and
 * how many dropped off between steps (contract §11; Plausible's and PostHog's sequential funnels).
 *
 * A step is `action:<name>` (an event of that action: a page view, a click the recorder named, a
 * conversion, an identify) or `page:<path>` (a page view of that path), one of the site's own
 * (`choices`, the 100 most frequent actions and 50 most viewed paths in tables/events, bots left
 * out): anything else is a 400. From 2 to 8 steps (Plausible's limit), no step twice in a row.
 * Persons, not sessions: a person counts at step k when they took step 1 in the period and each
 * following step at or after the time they took the one before (the earliest such time, which
 * counts everyone who could count). Without steps, the answer is the choices alone. The choices
 * read all of tables/events, so they are kept until a build changes the tables (`TableSet.names`
 * is a new object then).
 */
import { BadRequest } from '../params';
import type { Values } from '../reader';
import { eventsInPeriod, periodValues, untilRebuilt, type ApiContext, type Endpoint } from './endpoint';
import type { Range } from '../params';

export const MAX_STEPS = 8;
const MAX_ACTIONS = 100;
const MAX_PAGES = 50;

const CHOICES = `
SELECT kind, name, events FROM (
  (SELECT 'action' AS kind, action AS name, count(*)::BIGINT AS events
   FROM events WHERE site_id = $site AND NOT coalesce(bot.is_bot, false) AND action IS NOT NULL
   GROUP BY action ORDER BY events DESC, name LIMIT ${MAX_ACTIONS})
  UNION ALL
  (SELECT 'page', page.path, count(*)::BIGINT
   FROM events WHERE site_id = $site AND NOT coalesce(bot.is_bot, false) AND action_type = 'pageview' AND page.path IS NOT NULL
   GROUP BY page.path ORDER BY 3 DESC, 2 LIMIT ${MAX_PAGES}))
ORDER BY kind, events DESC, name`;

/** the choices of each site, for the tables as listed (a new listing after a build: computed again) */
const choicesOf = (ctx: ApiContext): Promise<Choice[]> =>
  untilRebuilt(ctx.tables, `funnel choices ${ctx.site}`, () => ctx.reader.rows<Choice>(CHOICES, { site: ctx.site }));

export interface Choice {
  kind: 'action' | 'page';
  name: string;
  events: number;
}

/** `action:Order completed` → the SQL condition on one event (of table alias `a`), its value bound as $s<i> */
function condition(step: string, i: number, a: string): string {
  return step.startsWith('page:') ? `${a}.action_type = 'pageview' AND ${a}.path = $s${i}` : `${a}.action = $s${i}`;
}

/** the same on a row of tables/events itself (page.path nested) */
const rawCondition = (step: string, i: number) =>
  step.startsWith('page:') ? `(action_type = 'pageview' AND page.path = $s${i})` : `action = $s${i}`;
const valueOf = (step: string) => step.slice(step.indexOf(':') + 1);

function funnelSql(steps: string[]): string {
  const parts = steps.map((s, i) =>
    i === 0
      ? `s0 AS (SELECT e.person_id, min(e.occurred_at) AS t FROM e WHERE ${condition(s, 0, 'e')} GROUP BY 1)`
      : `s${i} AS (SELECT e.person_id, min(e.occurred_at) AS t FROM e JOIN s${i - 1} p ON p.person_id = e.person_id
                   WHERE ${condition(s, i, 'e')} AND e.occurred_at >= p.t GROUP BY 1)`,
  );
  // only the events that are one of the steps, and their page only when a step is a page (a
  // struct read for every event of the period costs more than the rest of the funnel)
  const page = steps.some((st) => st.startsWith('page:')) ? 'action_type, page.path AS path' : 'NULL AS action_type, NULL AS path';
  return `
WITH e AS MATERIALIZED (
  SELECT person_id, occurred_at, action, ${page}
  FROM events WHERE ${eventsInPeriod()} AND person_id IS NOT NULL AND (${steps.map(rawCondition).join(' OR ')})
),
${parts.join(',\n')}
SELECT ${steps.map((_, i) => `(SELECT count(*) FROM s${i})::BIGINT AS n${i}`).join(', ')}`;
}

async function persons(ctx: ApiContext, steps: string[], r: Range): Promise<number[]> {
  const values: Values = periodValues(ctx.site, r);
  steps.forEach((s, i) => (values[`s${i}`] = valueOf(s)));
  const [row] = await ctx.reader.rows<Record<string, number>>(funnelSql(steps), values);
  return steps.map((_, i) => row[`n${i}`]);
}

export const funnel: Endpoint = {
  name: 'funnel',
  params: { step: { kind: 'text', max: 300, many: true, maxCount: MAX_STEPS } },
  tables: ['events'],
  async run(ctx) {
    const choices = await choicesOf(ctx);
    const steps = (ctx.values.step as string[] | undefined) ?? [];
    const known = new Set(choices.map((c) => `${c.kind}:${c.name}`));
    if (steps.length === 1) throw new BadRequest('a funnel needs at least 2 steps');
    steps.forEach((s, i) => {
      if (!known.has(s)) throw new BadRequest(`step ${i + 1} "${s.slice(0, 100)}" is none of the site's actions or pages (action:<name> or page:<path>, from choices)`);
      if (i > 0 && s === steps[i - 1]) throw new BadRequest(`step ${i + 1} repeats step ${i}`);
    });
    if (!steps.length) return { site: ctx.site, choices, steps: [] };
    // both periods at once (the reader has several connections)
    const [current, previous] = await Promise.all([persons(ctx, steps, ctx.range), ctx.previous ? persons(ctx, steps, ctx.previous) : null]);
    return {
      site: ctx.site,
      choices,
      current: ctx.range,
      previous: ctx.previous,
      steps: steps.map((s, i) => ({
        step: s,
        kind: s.startsWith('page:') ? 'page' : 'action',
        name: valueOf(s),
        persons: current[i],
        /** of those at the step before (1 for the first step; null when nobody got there) */
        conversion: i === 0 ? 1 : current[i - 1] ? current[i] / current[i - 1] : null,
        /** of those at step 1 */
        overall: current[0] ? current[i] / current[0] : null,
        dropped: i === 0 ? 0 : current[i - 1] - current[i],
        previous_persons: previous ? previous[i] : null,
      })),
    };
  },
};
