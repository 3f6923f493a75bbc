/** The spool: group-committed appends, rotation, and recovery from a torn last line. */
import fs from 'node:fs';
import path from 'node:path';
import { decodeSegment, type SpoolRecord } from '../src/spool/record';
import { Spool } from '../src/spool/spool';
import { tempDir } from './support/harness';

const bad = (n: number): SpoolRecord => ({ k: 'b', s: '_unknown', r: { received_at: '2024-05-01T00:00:00.000Z', reason: `r${n}`, errors: [], payload: n } });

describe('spool', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir('spool')));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has every concurrent append on disk, each record whole, when the appends resolve', async () => {
    const spool = new Spool(dir);
    await spool.open();
    await Promise.all(Array.from({ length: 50 }, (_, i) => spool.append([bad(i), bad(i + 1000)])));
    const seg = fs.readdirSync(dir)[0];
    const { records, tornBytes, corruptLines } = decodeSegment(fs.readFileSync(path.join(dir, seg)));
    expect(tornBytes).toBe(0);
    expect(corruptLines).toBe(0);
    expect(records.map((r) => (r.r as { payload: number }).payload).sort((a, b) => a - b)).toEqual(
      [...Array.from({ length: 50 }, (_, i) => i), ...Array.from({ length: 50 }, (_, i) => i + 1000)],
    );
    expect(spool.bytes).toBe(fs.statSync(path.join(dir, seg)).size);
    await spool.close();
  });

  it('seals the active segment on rotate and starts a new one; remove frees the bytes', async () => {
    const spool = new Spool(dir);
    await spool.open();
    await spool.append([bad(1)]);
    await spool.rotate();
    await spool.append([bad(2)]);
    expect(spool.sealed()).toHaveLength(1);
    const before = spool.bytes;
    await spool.remove(spool.sealed()[0]);
    expect(spool.bytes).toBeLessThan(before);
    expect(spool.sealed()).toEqual([]);
    await spool.close();
  });

  it('after a crash, reopens with old segments sealed and ignores an incomplete trailing line', async () => {
    const first = new Spool(dir);
    await first.open();
    await first.append([bad(1), bad(2)]);
    const seg = fs.readdirSync(dir)[0];
    fs.appendFileSync(path.join(dir, seg), '{"k":"b","s":"_unknown","r":{"rea'); // torn write, never acknowledged

    const second = new Spool(dir);
    await second.open();
    expect(second.sealed()).toEqual([seg]);
    const decoded = await second.read(seg);
    expect(decoded.records.map((r) => r.r.received_at && (r.r as { reason: string }).reason)).toEqual(['r1', 'r2']);
    expect(decoded.tornBytes).toBeGreaterThan(0);
    const seen: string[] = [];
    for await (const r of second.sealedRecords()) seen.push((r.r as { reason: string }).reason);
    expect(seen).toEqual(['r1', 'r2']);
    await second.close();
    await first.close();
  });
});
