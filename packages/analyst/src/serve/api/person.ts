/**
 * GET /api/person?id=…: the person behind any of their ids (a user_id, an anonymous_id, a
 * person_id, or an email address) and their 360° timeline in the period (contract §11).
 *
 * An email address is looked up as its person's `identity_map` row of `id_type = 'email'`, whose
 * `id` is the address's `email_sha256` (contract §10: `emailSha256` of @actionlake/schema/node, the
 * one rule), as well as an id written as it is (a user_id that is an address). The answer has the
 * profile (tables/profiles), the person's ids (an email only as its hash: the lake keeps no address),
 * their events in the period, newest first, each with `origin` — which app it came from (contract
 * §10: `browser`, `server`, `sendgrid`, `shopify`, …; rows written before origin existed are the
 * browser's) — and the conversion's value when it is one, and their events per day by origin.
 */
import { emailSha256 } from '@actionlake/schema/node';
import { eventsInPeriod, periodValues, type Endpoint } from './endpoint';

/** the most events listed in the timeline (the newest); `events` says how many there are */
export const TIMELINE_ROWS = 500;

const FIND = `
SELECT person_id FROM identity_map
WHERE site_id = $site AND (id = $id OR (id_type = 'email' AND id = $email))
UNION
SELECT person_id FROM profiles WHERE site_id = $site AND person_id = $id
ORDER BY person_id`;

const PROFILE = `
SELECT person_id, user_id, anonymous_ids,
       strftime(first_seen, '%Y-%m-%d %H:%M') AS first_seen, strftime(last_seen, '%Y-%m-%d %H:%M') AS last_seen,
       sessions::BIGINT AS sessions, page_views::BIGINT AS page_views, active_days::BIGINT AS active_days,
       first_touch_channel, first_touch_source, first_touch_medium, first_touch_campaign,
       last_touch_channel, last_touch_source, last_touch_medium, last_touch_campaign,
       countries, device_types, browsers, conversions::BIGINT AS conversions, revenue::DOUBLE AS revenue,
       revenue_currency, traits::VARCHAR AS traits, consent
FROM profiles WHERE site_id = $site AND person_id = $person`;

const IDS = `
SELECT id_type, id, strftime(first_seen, '%Y-%m-%d %H:%M') AS first_seen, strftime(last_seen, '%Y-%m-%d %H:%M') AS last_seen
FROM identity_map WHERE site_id = $site AND person_id = $person
ORDER BY id_type DESC, first_seen, id`;

const PERSON_EVENTS = `
FROM events e
WHERE ${eventsInPeriod('e')} AND e.person_id = $person`;

const TIMELINE = `
SELECT strftime(e.occurred_at, '%Y-%m-%d %H:%M:%S') AS time, coalesce(e.origin.kind, 'browser') AS origin,
       e.action, e.action_type, e.page.path AS path, e.channel, e.session_id,
       list_transform(coalesce(e.products, []), p -> coalesce(p.name, p.id)) AS products,
       c.value::DOUBLE AS value, c.currency
${PERSON_EVENTS.replace('FROM events e', 'FROM events e LEFT JOIN conversions c ON c.site_id = e.site_id AND c.event_id = e.event_id')}
ORDER BY e.occurred_at DESC, e.event_id
LIMIT ${TIMELINE_ROWS}`;

const DAILY = `
SELECT strftime(CAST(e.occurred_at AS DATE), '%Y-%m-%d') AS day, coalesce(e.origin.kind, 'browser') AS origin, count(*)::BIGINT AS events
${PERSON_EVENTS}
GROUP BY ALL ORDER BY 1, 2`;

export const person: Endpoint = {
  name: 'person',
  params: { id: { kind: 'text', max: 256, required: true } },
  tables: ['identity_map', 'profiles', 'events', 'conversions'],
  async run(ctx) {
    const id = (ctx.values.id as string).trim();
    const found = await ctx.reader.rows<{ person_id: string }>(FIND, { site: ctx.site, id, email: emailSha256(id) });
    const matches = found.map((f) => f.person_id);
    if (!matches.length) return { site: ctx.site, id, matches, person: null };
    const values = { ...periodValues(ctx.site, ctx.range), person: matches[0] };
    const [profile] = await ctx.reader.rows<Record<string, unknown>>(PROFILE, { site: ctx.site, person: matches[0] });
    if (profile && typeof profile.traits === 'string') profile.traits = JSON.parse(profile.traits);
    const daily = await ctx.reader.rows<{ day: string; origin: string; events: number }>(DAILY, values);
    return {
      site: ctx.site,
      id,
      matches,
      current: ctx.range,
      person: {
        person_id: matches[0],
        profile: profile ?? null,
        ids: await ctx.reader.rows(IDS, { site: ctx.site, person: matches[0] }),
        events: daily.reduce((n, d) => n + d.events, 0),
        daily,
        timeline: await ctx.reader.rows(TIMELINE, values),
      },
    };
  },
};
