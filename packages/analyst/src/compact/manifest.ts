/**
 * What each day of tables/events was built from, per site: `tables/_manifest/site_id=<s>/events.json`.
 * A day is rebuilt when its raw objects (key, size, etag) differ from the ones recorded, when the
 * rules changed (`rules`: every file of sql/macros/, sql/models/identity_map.sql, the columns), or
 * when the person of one of its rows changed (checked against the table itself, see persons.ts).
 */
import { text } from 'node:stream/consumers';
import { manifestKey } from '@actionlake/schema/node';
import type { Lake, LakeObject } from '../ground/lake/lake';

export interface DayEntry {
  /** the raw objects the day was built from */
  objects: Record<string, { size: number; etag: string }>;
  /** the Parquet keys of the day */
  files: string[];
  rows: number;
  built_at: string;
  /** objects that could only be read in part, or not at all, with what was wrong */
  problems?: string[];
}

export interface Manifest {
  version: 1;
  /** hash of the rules the tables were built with; another value rebuilds every day */
  rules: string;
  days: Record<string, DayEntry>;
}

export async function readManifest(lake: Lake, site: string): Promise<Manifest | null> {
  const body = await lake.get(manifestKey(site, 'events'));
  if (!body) return null;
  try {
    const m = JSON.parse(await text(body)) as Manifest;
    return m && m.version === 1 && m.days ? m : null;
  } catch {
    return null; // unreadable: every day is rebuilt, which also rewrites it
  }
}

/** The days in date order, whatever order they were written in (compact writes two at a time). */
export async function writeManifest(lake: Lake, site: string, m: Manifest): Promise<void> {
  const days = Object.fromEntries(Object.entries(m.days).sort(([a], [b]) => a.localeCompare(b)));
  await lake.putBytes(manifestKey(site, 'events'), JSON.stringify({ ...m, days }));
}

/** true when `objects` are exactly the ones the day was built from */
export function sameObjects(entry: DayEntry | undefined, objects: LakeObject[]): boolean {
  if (!entry) return false;
  const keys = Object.keys(entry.objects);
  if (keys.length !== objects.length) return false;
  return objects.every((o) => {
    const e = entry.objects[o.key];
    return e !== undefined && e.size === o.size && e.etag === o.etag;
  });
}
