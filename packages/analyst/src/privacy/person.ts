/**
 * Every id of the person behind one id (contract §7 "Person", the rules of sql/models/identity_map.sql),
 * from the raw rows themselves, bots included (erasure must not miss a row the models leave out):
 * a user_id is a person; an anonymous_id seen with 1 to 3 user ids belongs to the one it was seen
 * with last; one seen with more (a shared device) or none is a person of its own; placeholder user
 * ids are no id. A row belongs to its user_id's person, else (no or a placeholder user_id) to its
 * anonymous_id's.
 */
import { rawPrefix } from '@actionlake/schema/node';
import type { Lake } from '../ground/lake/lake';
import { eachLine } from './rows';

export const PLACEHOLDER_USER_IDS = [
  '', 'null', 'undefined', '0', '-1', 'anonymous', 'anon', 'guest', 'none', 'nil', 'na', 'n/a', 'nan', 'unknown',
  'not set', '(not set)', 'not_set', 'false', 'true', '[object object]', 'visitor', 'email', '00000000-0000-0000-0000-000000000000',
];
const PLACEHOLDERS = new Set(PLACEHOLDER_USER_IDS);

export const realUserId = (u: unknown): u is string => typeof u === 'string' && !PLACEHOLDERS.has(u.trim().toLowerCase());

export interface Person {
  /** the user id of the person (none for a visitor never identified) */
  userIds: Set<string>;
  /** anonymous ids whose rows without a user_id are the person's */
  anonymousIds: Set<string>;
}

/** Whether a raw row is the person's. */
export function isPersons(p: Person, row: { anonymous_id?: unknown; user_id?: unknown }): boolean {
  if (realUserId(row.user_id)) return p.userIds.has(row.user_id);
  return typeof row.anonymous_id === 'string' && p.anonymousIds.has(row.anonymous_id);
}

const USER_ID_STRING = '"user_id":"';

/** Reads the site's raw events once: which user ids each anonymous id was seen with, and when last. */
export async function resolvePerson(lake: Lake, site: string, id: string): Promise<Person> {
  const seen = new Map<string, Map<string, string>>(); // anonymous_id → user_id → last occurred_at
  for (const o of await lake.list(rawPrefix('events', site))) {
    await eachLine(lake, o.key, (line) => {
      // only rows with a user id tie ids together; JSON.stringify (the collector's) writes a string one so
      if (!line.includes(USER_ID_STRING)) return;
      let r: { anonymous_id?: unknown; user_id?: unknown; occurred_at?: unknown };
      try {
        r = JSON.parse(line);
      } catch {
        return;
      }
      if (typeof r.anonymous_id !== 'string' || !realUserId(r.user_id)) return;
      let users = seen.get(r.anonymous_id);
      if (!users) seen.set(r.anonymous_id, (users = new Map()));
      const at = String(r.occurred_at ?? '');
      if ((users.get(r.user_id) ?? '') <= at) users.set(r.user_id, at);
    });
  }
  const ownerOf = (anon: string): string | null => {
    const users = seen.get(anon);
    if (!users || users.size === 0 || users.size > 3) return null;
    return [...users.entries()].sort((a, b) => (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0))[0][0];
  };
  const knownUser = [...seen.values()].some((u) => u.has(id));
  const user = knownUser ? id : ownerOf(id);
  // an anonymous id of its own (never identified, or a shared device), or an id never seen with a user
  if (!user) return { userIds: realUserId(id) ? new Set([id]) : new Set(), anonymousIds: new Set([id]) };
  const anonymousIds = new Set<string>();
  for (const anon of seen.keys()) if (ownerOf(anon) === user) anonymousIds.add(anon);
  return { userIds: new Set([user]), anonymousIds };
}
