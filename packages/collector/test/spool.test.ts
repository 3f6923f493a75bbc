/** The spool: group-committed appends, rotation, and recovery from a torn last line. */
import fs from 'node:fs';
import type { BadRow } from '@actionlake/schema';
import path from 'node:path';
import { type SpoolLine, type SpoolRecord } from '../src/spool/record';
import { readSegment, type SegmentStats } from '../src/spool/segment-reader';
import zlib from 'node:zlib';
import { buildObjects } from '../src/lake/segment-objects';
import { Spool } from '../src/spool/spool';
import { tempDir } from './support/harness';

const payloadOf = (l: SpoolLine) => JSON.parse(l.row.toString('utf8')).payload as number;
async function collect(lines: AsyncIterable<SpoolLine>): Promise<SpoolLine[]> {
  const out: SpoolLine[] = [];
  for await (const l of lines) out.push(l);
  return out;
}

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
    const stats: SegmentStats = { tornBytes: 0, corruptLines: 0 };
    const lines = await collect(readSegment(path.join(dir, seg), stats));
    expect(stats).toEqual({ tornBytes: 0, corruptLines: 0 });
    expect(lines.map(payloadOf).sort((a, b) => a - b)).toEqual(
      [...Array.from({ length: 50 }, (_, i) => i), ...Array.from({ length: 50 }, (_, i) => i + 1000)],
    );
    expect(spool.bytes).toBe(fs.statSync(path.join(dir, seg)).size);
    await spool.close();
  });

  it('stores groups larger than its write buffer whole, multi-byte text included, and keeps nothing of a failed append', async () => {
    const spool = new Spool(dir);
    await spool.open();
    // ~3 MB in one group: more than the 1 MiB buffer the records are encoded into
    const text = '—ü😀'.repeat(2000);
    const big = Array.from({ length: 250 }, (_, i) => ({ k: 'b' as const, s: '_unknown', r: { received_at: '2024-05-01T00:00:00.000Z', reason: text, errors: [], payload: i } }));
    const broken = { k: 'b' as const, s: '_unknown', r: { received_at: '2024-05-01T00:00:00.000Z', reason: 'x', errors: [], payload: 10n } };
    const results = await Promise.allSettled([spool.append([bad(-1)]), spool.append(big), spool.append([bad(-2), broken as unknown as SpoolRecord]), spool.append([bad(-3)])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const stats: SegmentStats = { tornBytes: 0, corruptLines: 0 };
    const lines = await collect(readSegment(path.join(dir, fs.readdirSync(dir)[0]), stats));
    expect(stats).toEqual({ tornBytes: 0, corruptLines: 0 });
    expect(lines.map(payloadOf)).toEqual([-1, ...big.map((_, i) => i), -3]);
    expect(lines.slice(1, -1).every((l) => JSON.parse(l.row.toString('utf8')).reason === text)).toBe(true);
    await spool.close();
  });

  it('builds the lake objects of a segment with lines longer than its read buffer and lines across its chunks', async () => {
    const spool = new Spool(dir);
    await spool.open();
    const huge = 'x'.repeat(3 * 1024 * 1024); // one line of 3 MiB: longer than the 1 MiB read buffer
    const withReason = (n: number, reason: string): SpoolRecord => ({ k: 'b', s: '_unknown', r: { received_at: '2024-05-01T00:00:00.000Z', reason, errors: [], payload: n } });
    const rows = [bad(1), ...Array.from({ length: 400 }, (_, i) => withReason(i + 2, '—'.repeat(3000))), withReason(500, huge), bad(501)];
    await spool.append(rows);
    await spool.rotate();
    const built = await buildObjects(spool.file(spool.sealed()[0]), [], 10, 1);
    expect(built.stats).toEqual({ tornBytes: 0, corruptLines: 0 });
    expect(built.objects).toHaveLength(1);
    const stored = zlib.gunzipSync(built.objects[0].body).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(stored.map((r) => r.payload)).toEqual(rows.map((r) => (r.r as BadRow).payload));
    expect(stored.map((r) => r.reason)).toEqual(rows.map((r) => (r.r as BadRow).reason));
    await spool.close();
  });

  it('hands each durable commit its lines once, and a listener that throws does not fail the append', async () => {
    const told: string[][] = [];
    const counts: number[] = [];
    const problems: string[] = [];
    let throwing = true;
    const spool = new Spool(dir, {
      onCommitted: (lines, count) => {
        counts.push(count);
        told.push(lines.toString('utf8').split('\n').filter(Boolean).map((l) => String(JSON.parse(l.split('\t')[4]).payload)));
        if (throwing) throw new Error('listener broke');
      },
      onError: (kind, err) => problems.push(`${kind}: ${(err as Error).message}`),
    });
    await spool.open();
    await spool.append([bad(1), bad(2)]);
    expect(spool.problem).toBeNull();
    expect(problems).toEqual(['listener: listener broke']);
    throwing = false;
    await Promise.all([spool.append([bad(3)]), spool.append([bad(4)])]);
    expect(told.flat()).toEqual(['1', '2', '3', '4']);
    expect(counts).toEqual(told.map((t) => t.length));
    expect(told.length).toBeLessThanOrEqual(3); // appends made while a commit runs share the next one
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
    fs.appendFileSync(path.join(dir, seg), 'b\t_unknown\t2024-05-01T00\t\t{"rea'); // torn write, never acknowledged

    const second = new Spool(dir);
    await second.open();
    expect(second.sealed()).toEqual([seg]);
    const stats: SegmentStats = { tornBytes: 0, corruptLines: 0 };
    expect((await collect(second.lines(seg, stats))).map(payloadOf)).toEqual([1, 2]);
    expect(stats.tornBytes).toBeGreaterThan(0);
    expect((await collect(second.sealedLines())).map((l) => [l.kind, l.site, l.hour])).toEqual([
      ['b', '_unknown', '2024-05-01T00'],
      ['b', '_unknown', '2024-05-01T00'],
    ]);
    await second.close();
    await first.close();
  });

  it('reads a segment far larger than its read chunks line by line, and counts a corrupt line', async () => {
    const spool = new Spool(dir);
    await spool.open();
    const many = Array.from({ length: 30_000 }, (_, i) => bad(i)); // ~3 MB: several 1 MB chunks
    await spool.append(many);
    const seg = fs.readdirSync(dir)[0];
    fs.appendFileSync(path.join(dir, seg), 'not a record\n');
    await spool.rotate();
    const stats: SegmentStats = { tornBytes: 0, corruptLines: 0 };
    const lines = await collect(spool.lines(seg, stats));
    expect(lines.map(payloadOf)).toEqual(many.map((_, i) => i));
    expect(stats).toEqual({ tornBytes: 0, corruptLines: 1 });
    await spool.close();
  });

  it('names segments once (sequence, unique part, collector id): a reopened spool keeps the names, an old-style name gets one', async () => {
    const first = new Spool(dir, { collectorId: 'web-1' });
    await first.open();
    await first.append([bad(1)]);
    await first.close();
    const [named] = fs.readdirSync(dir);
    expect(first.segment(named)).toEqual({ seq: 1, unique: expect.stringMatching(/^\d+_[0-9a-f]+_\d+$/), collectorId: 'web-1' });
    fs.writeFileSync(path.join(dir, 'seg-000000000007.ndjson'), fs.readFileSync(path.join(dir, named)));

    const second = new Spool(dir, { collectorId: 'web-2' });
    await second.open();
    const sealed = second.sealed();
    expect(sealed[0]).toBe(named);
    expect(second.segment(sealed[1])).toMatchObject({ seq: 7, collectorId: 'web-2' });
    expect((await collect(second.lines(sealed[1]))).map(payloadOf)).toEqual([1]);
    await second.append([bad(2)]);
    await second.rotate();
    expect(second.segment(second.sealed()[2]).seq).toBe(8);
    await second.close();
  });
});
