/**
 * Runs compact's per-day statements (staging a day's narrow rows, writing a day) one day per core
 * at a time, each on its own DuckDB connection with DuckDB at one thread, instead of one day at a
 * time with DuckDB's threads sharing it. A day is many small gzip objects and one small sort: two
 * threads on one statement cost about twice the CPU of one and gained no wall time (1M-event lake,
 * the narrow pass: 22 µs CPU/row and 21.5 s wall at 2 threads, 12 µs and 12.6 s at 1), while two
 * days at once on two connections at one thread each took 10.7 µs/row and 5.7 s.
 */
import type { Duck } from '../ground/duck/duck';

/** DuckDB's thread count (ACTIONLAKE_THREADS, by default the cores) */
async function threadsOf(duck: Duck): Promise<number> {
  const [{ t }] = await duck.all<{ t: string }>(`SELECT current_setting('threads') AS t`);
  return Math.max(1, Number(t) || 1);
}

/**
 * Calls `job(conn, item)` for every item, in order of `items`, on as many connections as DuckDB has
 * threads (`duck` and more of its own), at most that many at a time; DuckDB runs at one thread
 * meanwhile (its setting is the instance's) and gets its threads back at the end. The first error
 * thrown by a job stops new items from starting and is thrown once the running ones have ended.
 */
export async function perCore<T>(duck: Duck, items: T[], job: (conn: Duck, item: T) => Promise<void>): Promise<void> {
  const threads = await threadsOf(duck);
  if (threads <= 1 || items.length <= 1) {
    for (const item of items) await job(duck, item);
    return;
  }
  const conns = [duck];
  let next = 0;
  const failed: unknown[] = [];
  await duck.run('SET threads = 1');
  try {
    for (let i = 1; i < Math.min(threads, items.length); i++) conns.push(await duck.connect());
    await Promise.all(conns.map(async (conn) => {
      while (!failed.length && next < items.length) {
        const item = items[next++];
        try {
          await job(conn, item);
        } catch (err) {
          failed.push(err);
        }
      }
    }));
  } finally {
    for (const c of conns.slice(1)) c.close();
    await duck.run(`SET threads = ${threads}`);
  }
  if (failed.length) throw failed[0];
}
