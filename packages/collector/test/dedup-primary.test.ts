/**
 * The collector's one dedup window with WORKERS > 1 (cluster/dedup-primary.ts), driven as the
 * workers' flushers drive it: a segment claims its ids before it is written to the lake, says when
 * it is stored, and a worker that starts says which segments its spool holds. The process-level
 * tests (workers-shared.test.ts, workers.test.ts) cannot choose when a worker dies; here each case
 * is exact. Then the flush's side: a segment's lake objects leave out the ids the window answered.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { LakeRow } from '@actionlake/schema';
import { PrimaryDedup } from '../src/cluster/dedup-primary';
import { buildObjects } from '../src/lake/segment-objects';
import { segmentIds } from '../src/spool/segment-reader';
import { Spool } from '../src/spool/spool';
import { event, tempDir } from './support/harness';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

let dir: string;
beforeEach(() => {
  dir = tempDir('dedup-primary');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const windowFile = () => fs.readFileSync(path.join(dir, 'dedup-window.txt'), 'utf8').split('\n').filter(Boolean).sort();

describe("the primary's dedup window", () => {
  it('gives an id to the first segment that claims it; the other worker\'s segment leaves it out', () => {
    const dedup = new PrimaryDedup({ capacity: 100, spoolDir: dir });
    expect(dedup.claim(1, 'seg-a', [A, B].join(''))).toEqual([]);
    expect(dedup.claim(2, 'seg-x', [B, C].join(''))).toEqual([B]); // still pending for worker 1's segment: not written twice
    // worker 1's write failed (or the worker died and its replacement flushes the same segment): the claim is still its own
    expect(dedup.claim(1, 'seg-a', [A, B].join(''))).toEqual([]);
    dedup.stored(1, 'seg-a');
    expect(dedup.claim(2, 'seg-y', [A, C].join(''))).toEqual([A, C]); // A is in the lake; C is seg-x's
  });

  it('saves only the ids of stored segments, and a restart forgets pending claims so the segment claims again', async () => {
    const dedup = new PrimaryDedup({ capacity: 100, spoolDir: dir });
    dedup.claim(1, 'seg-a', A);
    dedup.claim(2, 'seg-x', B);
    dedup.stored(2, 'seg-x');
    await dedup.save();
    expect(windowFile()).toEqual([B]);
    const next = new PrimaryDedup({ capacity: 100, spoolDir: dir });
    expect(await next.load()).toBe(1);
    expect(next.claim(1, 'seg-a', [A, B].join(''))).toEqual([B]); // A: its segment is still in worker 1's spool and claims it again
  });

  it('a worker that starts without a segment it had claimed for: that segment was stored', async () => {
    const dedup = new PrimaryDedup({ capacity: 100, spoolDir: dir });
    dedup.claim(1, 'seg-a', A);
    dedup.claim(1, 'seg-b', B);
    dedup.claim(2, 'seg-x', C);
    dedup.holding(1, ['seg-b']); // seg-a was written and removed; its "stored" died with the worker
    await dedup.save();
    expect(windowFile()).toEqual([A]);
    expect(dedup.claim(1, 'seg-b', B)).toEqual([]); // still seg-b's
  });
});

describe('a flush that leaves out the repeats of another segment', () => {
  it('writes every other row of the segment, on the fast path (same partition) and after a decoded line', async () => {
    const spool = new Spool(path.join(dir, 'spool'));
    await spool.open();
    const rows = Array.from({ length: 6 }, (_, i) => event({ site_id: i === 4 ? 'other' : 'shop', received_at: '2024-05-01T09:00:00.000Z' }) as unknown as LakeRow);
    await spool.append(rows.map((r) => ({ k: 'e' as const, s: r.site_id, r })));
    await spool.rotate();
    const file = spool.file(spool.sealed()[0]);
    const ids = (await segmentIds(file)).match(/.{36}/g)!;
    expect(ids).toEqual(rows.map((r) => r.event_id));
    // the first line (decoded), a line in the middle (fast path) and the other site's only line
    const repeats = new Set([ids[0], ids[2], ids[4]]);
    const built = await buildObjects(file, [], 10, 1, undefined, undefined, repeats);
    const stored = built.objects.flatMap((o) => zlib.gunzipSync(o.body).toString('utf8').trim().split('\n').map((l) => JSON.parse(l).event_id));
    expect(stored.sort()).toEqual([ids[1], ids[3], ids[5]].sort());
    expect(built.objects.map((o) => o.site)).toEqual(['shop']); // no empty object for the site whose one row was a repeat
    await spool.close();
  });
});
