/**
 * `actionlake erase ID [--dry-run]` (contract §8), per site:
 *   1. resolve every id of the person (./person.ts: the person rule over the raw rows of every
 *      source, bots included) and which raw rows are theirs;
 *   2. add their SHA-256 to config/site_id=<site>/suppressed.json (the collector stores nothing more);
 *   3. rewrite each raw events/ and bad/ object holding their rows: the new object (same name plus
 *      `_e<request>`, so a rerun writes the same key) is written before the old one is removed;
 *   4. compact (the days whose raw objects changed), the person's rows left in other tables/events
 *      files (./tables.ts), then models (every derived table, rebuilt from tables/events);
 *   5. an audit record privacy/site_id=<site>/erase-<request>.json with hashes and counts only.
 * The request manifest privacy/site_id=<site>/requests/<request>.json says where a run got to (and,
 * until it is done, which ids it erases: see Manifest.person): an interrupted run resumes (objects already rewritten hold no rows of the person and are left
 * alone; an object whose new copy was written but which was not removed yet is rewritten to the
 * same new key), and a repeat after a finished run changes nothing unless rows of the person
 * arrived since (events a collector had spooled before it read the new suppressed.json).
 */
import { text } from 'node:stream/consumers';
import {
  decodeSuppressed, encodeSuppressed, hashId, parseRawKey, privacyPrefix, rawPrefix, suppressedKey, UNKNOWN_SITE,
} from '@actionlake/schema/node';
import { compact } from '../compact/index';
import type { Context } from '../ground/context';
import { runModels } from '../models/index';
import { UserError } from '../ground/errors';
import { isPersons, resolvePerson, type Person, type PersonId } from './person';
import { eachLine, putLines } from './rows';
import { eraseFromEventsTable } from './tables';


interface Manifest {
  request: string;
  status: 'running' | 'done';
  started_at: string;
  id_hashes: string[];
  /**
   * The person and their ids, while the run is not done (dropped when it is): a killed run has
   * already removed rows that tied an id to the person (an identify row), so a resumed run could
   * not find that id again from what is left. The person's rows still in the lake hold the same ids.
   * (Runs of an earlier version wrote user_ids and anonymous_ids.)
   */
  person?: { person_id: string | null; ids: PersonId[]; user_ids?: string[]; anonymous_ids?: string[] };
}

export interface SiteErasure {
  site: string;
  ids: number;
  objects: { scanned: number; rewritten: number; removed: number };
  rows: number;
  noop: boolean;
}

/** The raw objects that may hold rows of `site`: its events/ and bad/ parts and bad/site_id=_unknown. */
async function rawObjects(ctx: Context, site: string): Promise<string[]> {
  const keys: string[] = [];
  for (const prefix of [rawPrefix('events', site), rawPrefix('bad', site), rawPrefix('bad', UNKNOWN_SITE)]) {
    for (const o of await ctx.lake.list(prefix)) if (parseRawKey(o.key)) keys.push(o.key);
  }
  return keys;
}

/** A bad row names the person when its payload holds one of their ids as a JSON string. */
function badRowNames(line: string, needles: string[]): boolean {
  return needles.some((n) => line.includes(n));
}

export async function eraseSite(ctx: Context, site: string, id: string, dryRun: boolean): Promise<SiteErasure> {
  const request = hashId(`${site}\n${id}`).slice(0, 16);
  const manifestKey = `${privacyPrefix(site)}requests/${request}.json`;
  const previous = await readJson<Manifest>(ctx, manifestKey);
  const result: SiteErasure = { site, ids: 0, objects: { scanned: 0, rewritten: 0, removed: 0 }, rows: 0, noop: false };
  const repeat = previous?.status === 'done';

  // resuming: the person and ids the interrupted run found, some of whose rows (and links) it removed already
  const was = previous?.status === 'running' ? previous.person : undefined;
  const savedIds: PersonId[] = [
    ...(was?.ids ?? []),
    ...(was?.user_ids ?? []).map((u) => ({ id_type: 'user_id', id: u })),
    ...(was?.anonymous_ids ?? []).map((a) => ({ id_type: 'anonymous_id', id: a })),
  ];
  const person: Person = await resolvePerson(ctx, site, id, was ? { personId: was.person_id ?? null, ids: savedIds } : undefined);
  const ids = [...new Set(person.ids.map((i) => i.id))];
  result.ids = ids.length;
  const hashes = ids.map(hashId).sort();
  const manifest: Manifest = { request, status: 'running', started_at: previous?.started_at ?? new Date().toISOString(), id_hashes: hashes };
  const running: Manifest = { ...manifest, person: { person_id: person.personId, ids: person.ids } };
  if (!dryRun && !repeat) await ctx.lake.putBytes(manifestKey, JSON.stringify(running));
  if (!dryRun) await suppress(ctx, site, hashes);

  // what the person's rows and bad rows hold as JSON strings: their ids (a click id's value, as
  // the row carries it) and the addresses they identified with
  const texts = [...new Set([...person.ids.map((i) => (i.id_type === 'click_id' ? i.id.slice(i.id.indexOf(':') + 1) : i.id)), ...person.addresses])];
  const needles = texts.flatMap((i) => {
    const q = JSON.stringify(i);
    return [q, JSON.stringify(q).slice(1, -1)]; // as a JSON value, and inside a JSON string (a raw body)
  });
  // a row can only be the person's when its text holds one of their ids as a JSON string, written as
  // JSON.stringify writes it (the collector does): rows without are kept unparsed. Ids another JSON
  // writer might spell otherwise (non-ASCII, '/': \uXXXX, \/) have every row parsed.
  const plainIds = texts.every((i) => /^[\x20-\x7e]*$/.test(i) && !i.includes('/'));
  const suffix = `_e${request.slice(0, 8)}`;
  for (const key of await rawObjects(ctx, site)) {
    result.objects.scanned++;
    ctx.progress.update(`erase ${site}: ${result.objects.scanned} objects read`);
    const bad = parseRawKey(key)?.kind === 'bad';
    const kept: string[] = [];
    let dropped = 0;
    await eachLine(ctx.lake, key, (line) => {
      const names = badRowNames(line, needles);
      let drop: boolean;
      if (bad) drop = names;
      else if (plainIds && !names) drop = false;
      else {
        try {
          drop = isPersons(person, JSON.parse(line));
        } catch {
          drop = names;
        }
      }
      if (drop) dropped++;
      else kept.push(line);
    });
    if (!dropped) continue;
    result.rows += dropped;
    if (dryRun) {
      ctx.print(`would rewrite ${key}: ${dropped} of ${dropped + kept.length} rows are the person's`);
      kept.length ? result.objects.rewritten++ : result.objects.removed++;
      continue;
    }
    if (kept.length) {
      const next = key.includes(suffix) ? key : key.replace(/\.ndjson\.gz$/, `${suffix}.ndjson.gz`);
      if (next !== key) {
        await putLines(ctx.lake, next, kept, ctx.work); // the new object first ...
        await ctx.lake.delete([key]); // ... then the old one goes
      } else await putLines(ctx.lake, key, kept, ctx.work);
      result.objects.rewritten++;
      ctx.print(`rewrote ${key}: ${dropped} of ${dropped + kept.length} rows were the person's`);
    } else {
      await ctx.lake.delete([key]);
      result.objects.removed++;
      ctx.print(`removed ${key}: all ${dropped} rows were the person's`);
    }
  }
  if (dryRun) return result;
  // done before, and nothing of theirs arrived since (rows the collector had spooled when it ran)
  if (repeat && !result.rows) return { ...result, noop: true };

  // the tables: compact rebuilds the days whose raw objects changed, models every derived table
  const scoped: Context = { ...ctx, sites: [site], from: undefined, to: undefined };
  await compact(scoped);
  await eraseFromEventsTable(scoped, site, person);
  await runModels(scoped, { full: true });

  const finished = new Date().toISOString();
  await ctx.lake.putBytes(
    `${privacyPrefix(site)}erase-${request}-${finished.replace(/[:.]/g, '')}.json`,
    JSON.stringify({ kind: 'erase', request, site_id: site, started_at: manifest.started_at, finished_at: finished, id_hashes: hashes, ...result }),
  );
  await ctx.lake.putBytes(manifestKey, JSON.stringify({ ...manifest, status: 'done', finished_at: finished }));
  return result;
}

/** Adds hashes to the site's suppression list (its format: @actionlake/schema/node, suppression.ts). */
async function suppress(ctx: Context, site: string, hashes: string[]): Promise<void> {
  const key = suppressedKey(site);
  const body = await ctx.lake.get(key);
  let all = new Set<string>();
  if (body) {
    try {
      all = decodeSuppressed(key, Buffer.from(await text(body)));
    } catch (err) {
      throw new UserError(`${(err as Error).message}; fix or remove it (the collector cannot read it either)`);
    }
  }
  const before = all.size;
  for (const h of hashes) all.add(h);
  if (all.size === before && body) return;
  await ctx.lake.putBytes(key, encodeSuppressed(all));
}

async function readJson<T>(ctx: Context, key: string): Promise<T | null> {
  const body = await ctx.lake.get(key);
  if (!body) return null;
  try {
    return JSON.parse(await text(body)) as T;
  } catch {
    throw new UserError(`${key} in the lake is not valid JSON; fix or remove it`);
  }
}
