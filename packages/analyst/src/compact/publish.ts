/**
 * Puts a day of tables/events into the lake: the day's new local Parquet files, in occurred_at
 * order, under fresh keys (`part-<generation>-<index>.parquet`, so names follow occurred_at), and
 * only then the day's other files removed: a reader sees the old day or the new one (for a moment
 * both), never half of one. Shared by the two ways a day is written: from its raw objects
 * (write.ts) and re-stamped from its own Parquet (restamp.ts).
 */
import { tableDayPrefix } from '@actionlake/schema/node';
import type { Lake } from '../ground/lake/lake';

export interface WrittenDay {
  files: string[];
  rows: number;
}

/** `local`: the day's files in order, with their rows. */
export async function publishDay(lake: Lake, site: string, dt: string, local: { file: string; rows: number }[]): Promise<WrittenDay> {
  const gen = Date.now().toString(36);
  const keys: string[] = [];
  let count = 0;
  for (const [i, w] of local.entries()) {
    const key = `${tableDayPrefix('events', site, dt)}part-${gen}-${String(i).padStart(6, '0')}.parquet`;
    await lake.put(key, w.file);
    keys.push(key);
    count += w.rows;
  }
  const old = (await lake.list(tableDayPrefix('events', site, dt))).map((o) => o.key).filter((k) => !keys.includes(k));
  await lake.delete(old);
  return { files: keys, rows: count };
}
