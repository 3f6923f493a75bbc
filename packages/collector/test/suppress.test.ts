/**
 * The suppression list (contract §8): events of an erased id are acknowledged and not stored,
 * through a real collector on a real port over a local lake.
 */
import fs from 'node:fs';
import path from 'node:path';
import { encodeSuppressed, hashId } from '../src/suppress/file';
import { batch, event, lakeRows, metricValue, start, type Harness } from './support/harness';

function writeList(lakeDir: string, site: string, body: Buffer | string): void {
  const file = path.join(lakeDir, 'config', `site_id=${site}`, 'suppressed.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body);
}

describe('suppressed ids', () => {
  let h: Harness;
  let clock = Date.parse('2026-11-28T12:00:00Z');
  const list = encodeSuppressed([hashId('erased-anon'), hashId('erased-user')]);
  beforeAll(async () => {
    h = await start({ suppressedCacheMs: 60_000, suppressedMaxBytes: list.length }, { now: () => new Date(clock) });
  });
  afterAll(() => h.stop());

  const storedIds = async (site: string) => {
    await h.collector.flush();
    return new Set(lakeRows(h.lakeDir, 'events/').filter((r) => r.row.site_id === site).map((r) => r.row.event_id));
  };

  it('acknowledges events of a suppressed anonymous_id or user_id, stores none of them, and counts them', async () => {
    writeList(h.lakeDir, 'shop', list);
    const byAnon = event({ anonymous_id: 'erased-anon' });
    const byUser = event({ anonymous_id: 'new-device', user_id: 'erased-user' });
    const other = event({ anonymous_id: 'someone-else', user_id: 'u-2' });
    const res = await h.post(batch([byAnon, byUser, other]));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 3, rejected: 0, errors: [] });
    const ids = await storedIds('shop');
    expect(ids.has(other.event_id)).toBe(true);
    expect(ids.has(byAnon.event_id)).toBe(false);
    expect(ids.has(byUser.event_id)).toBe(false);
    expect(await metricValue(h.url, 'actionlake_events_suppressed_total')).toBe(2);
  });

  it('picks up a list written after it was read once SUPPRESSED_CACHE_MS has passed', async () => {
    const before = event({ site_id: 'late', anonymous_id: 'erased-anon' });
    await h.post(batch([before])); // the site has no list yet: stored, and "no list" is cached
    writeList(h.lakeDir, 'late', list);
    const cached = event({ site_id: 'late', anonymous_id: 'erased-anon' });
    await h.post(batch([cached]));
    clock += 60_000;
    const after = event({ site_id: 'late', anonymous_id: 'erased-anon' });
    await h.post(batch([after]));
    const ids = await storedIds('late');
    expect([ids.has(before.event_id), ids.has(cached.event_id), ids.has(after.event_id)]).toEqual([true, true, false]);
  });

  it('reads the list again in the background once 80 % of SUPPRESSED_CACHE_MS has passed, so batches never wait for the read', async () => {
    await h.post(batch([event({ site_id: 'ahead', anonymous_id: 'someone' })])); // "no list" read and cached now
    writeList(h.lakeDir, 'ahead', list);
    clock += 50_000; // 83 % of the 60 s: the copy is still young enough to answer from
    // answered from the copy in memory (stored), while the list is read again behind it; once that
    // read is done, the list applies, before the copy's 60 s are up (the clock never moves again)
    const stored: boolean[] = [];
    for (let i = 0; i < 50 && !stored.includes(false); i++) {
      const e = event({ site_id: 'ahead', anonymous_id: 'erased-anon' });
      await h.post(batch([e]));
      stored.push((await storedIds('ahead')).has(e.event_id));
    }
    expect(stored[0]).toBe(true);
    expect(stored[stored.length - 1]).toBe(false);
  });

  it('loads a list of exactly SUPPRESSED_MAX_BYTES and refuses (does not apply) one byte more', async () => {
    writeList(h.lakeDir, 'exact', list);
    writeList(h.lakeDir, 'over', Buffer.concat([list, Buffer.from(' ')]));
    const a = event({ site_id: 'exact', anonymous_id: 'erased-anon' });
    const b = event({ site_id: 'over', anonymous_id: 'erased-anon' });
    expect((await h.post(batch([a]))).status).toBe(200);
    expect((await h.post(batch([b]))).status).toBe(200);
    expect((await storedIds('exact')).has(a.event_id)).toBe(false);
    expect((await storedIds('over')).has(b.event_id)).toBe(true);
  });

  it('ingests as usual when a list is unreadable (the event is kept, nothing is lost)', async () => {
    writeList(h.lakeDir, 'broken', '{"hashes": ["not-a-hash"]}');
    const e = event({ site_id: 'broken', anonymous_id: 'erased-anon' });
    const res = await h.post(batch([e]));
    expect(await res.json()).toEqual({ accepted: 1, rejected: 0, errors: [] });
    expect((await storedIds('broken')).has(e.event_id)).toBe(true);
  });
});
