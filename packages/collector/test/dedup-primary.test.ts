/**
 * The primary's dedup window (WORKERS > 1), driven as the workers drive it: claims, settled writes,
 * a worker's death and its replacement's report of what its spool holds. The process-level tests
 * (workers-shared.test.ts, workers.test.ts) cannot choose when a worker dies; here each case is exact.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { PrimaryDedup } from '../src/cluster/dedup-primary';
import type { SettledNotice } from '../src/cluster/dedup-worker';
import { tempDir } from './support/harness';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

function primary(workers = 2): { dedup: PrimaryDedup; dir: string; notices: [number, SettledNotice][] } {
  const dir = tempDir('dedup-primary');
  const notices: [number, SettledNotice][] = [];
  const dedup = new PrimaryDedup({ capacity: 100, spoolDir: dir, workers, logger: pino({ level: 'silent' }), notify: (w, n) => notices.push([w, n]) });
  for (let i = 1; i <= workers; i++) dedup.restored(i, []);
  return { dedup, dir, notices };
}

describe('the primary\'s dedup window', () => {
  it('holds claims until every worker has sent what its spool holds', async () => {
    const dir = tempDir('dedup-primary');
    const d = new PrimaryDedup({ capacity: 100, spoolDir: dir, workers: 2, logger: pino({ level: 'silent' }), notify: () => undefined });
    d.restored(1, []);
    const answer = d.claim(1, { c: [[1, [A]]], s: [] });
    expect(answer).toBeInstanceOf(Promise);
    d.restored(2, [A]); // worker 2's spool still holds A: a repeat, not new
    expect(await answer).toEqual([[1]]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('makes a repeat of a pending id wait for its write, and tells the waiting worker how it ended', () => {
    const { dedup, dir, notices } = primary();
    expect(dedup.claim(1, { c: [[1, [A, B]]], s: [] })).toEqual([[0, 0]]);
    expect(dedup.claim(2, { c: [[1, [A]]], s: [] })).toEqual([['1.1']]); // worker 1's ticket 1
    dedup.claim(1, { c: [], s: [[1, 1]] }); // durable
    expect(notices).toEqual([[2, [['1.1', 1]]]]);
    expect(dedup.claim(2, { c: [[2, [A, B]]], s: [] })).toEqual([[1, 1]]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('frees the ids of a failed write, and never saves a pending id in the window file', async () => {
    const { dedup, dir } = primary();
    expect(dedup.claim(1, { c: [[1, [A]], [2, [B]]], s: [] })).toEqual([[0], [0]]);
    await dedup.save();
    expect(fs.readFileSync(path.join(dir, 'dedup-window.txt'), 'utf8')).toBe('');
    dedup.claim(1, { c: [], s: [[1, 0], [2, 1]] }); // A's write failed, B's is on disk
    await dedup.save();
    expect(fs.readFileSync(path.join(dir, 'dedup-window.txt'), 'utf8')).toBe(B);
    expect(dedup.claim(2, { c: [[1, [A, B]]], s: [] })).toEqual([[0, 1]]); // the retry of A is stored
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('settles a dead worker\'s pending ids by what its replacement finds in the same spool folder', () => {
    const { dedup, dir, notices } = primary();
    expect(dedup.claim(1, { c: [[7, [A, B]]], s: [] })).toEqual([[0, 0]]);
    expect(dedup.claim(2, { c: [[1, [A]]], s: [] })).toEqual([['1.7']]);
    dedup.exited(1, 1); // worker 1 (cluster id 1, index 1) dies before it reported the write
    expect(dedup.claim(2, { c: [[2, [B]]], s: [] })).toEqual([['1.7']]); // still in doubt: wait
    expect(notices).toEqual([]);
    dedup.restored(1, [A]); // its replacement's spool: A reached the disk, B did not
    expect(notices).toEqual([[2, [['1.7', 0]]]]); // not every id of the batch was stored: the repeats fail and the pages retry
    expect(dedup.claim(2, { c: [[3, [A, B]]], s: [] })).toEqual([[1, 0]]); // A is stored once; B is stored now
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('frees a dead worker\'s pending ids at once when the collector is stopping', () => {
    const { dedup, dir, notices } = primary();
    dedup.claim(1, { c: [[1, [A]]], s: [] });
    dedup.claim(2, { c: [[1, [A]]], s: [] });
    dedup.stop();
    dedup.exited(1, 1);
    expect(notices).toEqual([[2, [['1.1', 0]]]]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
