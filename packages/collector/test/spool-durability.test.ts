/**
 * The spool folder removed, replaced or full while the collector runs (a real collector on a real
 * port): nothing answered 200 may be lost, /readyz and /metrics must say what is wrong.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { batch, event, lakeRows, metricValue, start, tempDir } from './support/harness';

const ids = (events: Record<string, unknown>[]) => events.map((e) => e.event_id as string);
const storedIds = (lakeDir: string) => lakeRows(lakeDir, 'events/').map((r) => r.row.event_id as string).sort();

describe('spool folder removed or replaced while running', () => {
  it('rm -rf SPOOL_DIR: the folder is recreated, events answered 200 before and after reach the lake, the metric counts it', async () => {
    const h = await start();
    try {
      const before = Array.from({ length: 5 }, () => event());
      expect((await h.post(batch(before))).status).toBe(200);
      fs.rmSync(h.spoolDir, { recursive: true, force: true });

      const after = Array.from({ length: 5 }, () => event());
      expect((await h.post(batch(after))).status).toBe(200);
      expect(fs.existsSync(h.spoolDir)).toBe(true);
      expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
      expect(await metricValue(h.url, 'actionlake_spool_errors_total{kind="replaced"}')).toBe(1);

      await h.collector.flush();
      expect(storedIds(h.lakeDir)).toEqual([...ids(before), ...ids(after)].sort());
    } finally {
      await h.stop();
    }
  });

  it('SPOOL_DIR replaced by a file: 503 with Retry-After and /readyz 503 until it can be recreated, then 200 and the lake has every event answered 200', async () => {
    const h = await start();
    try {
      const first = [event()];
      expect((await h.post(batch(first))).status).toBe(200);
      fs.rmSync(h.spoolDir, { recursive: true, force: true });
      fs.writeFileSync(h.spoolDir, 'not a folder');

      const refused = await h.post(batch([event()]));
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const ready = await fetch(`${h.url}/readyz`);
      expect(ready.status).toBe(503);
      expect((await ready.json()).reason).toMatch(/spool/);
      expect(await metricValue(h.url, 'actionlake_spool_errors_total{kind="write"}')).toBeGreaterThanOrEqual(1);

      fs.rmSync(h.spoolDir);
      expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
      const later = [event()];
      expect((await h.post(batch(later))).status).toBe(200);
      await h.collector.flush();
      expect(storedIds(h.lakeDir)).toEqual([...ids(first), ...ids(later)].sort());
    } finally {
      await h.stop();
    }
  });
});

/** A 1 MiB tmpfs (needs root and mount): the one way to get a real ENOSPC without filling a disk. */
function tinyFs(): string | null {
  const dir = tempDir('tmpfs');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

describe('spool disk full', () => {
  const mounted = tinyFs();
  afterAll(() => {
    if (mounted) execFileSync('umount', [mounted]);
  });
  (mounted ? it : it.skip)('ENOSPC: 503 and /readyz 503 until space is freed, then 200; nothing answered 200 is lost', async () => {
    const root = tempDir('enospc');
    const h = await start({ spoolDir: path.join(mounted!, 'spool'), spoolMaxBytes: 1 << 30 }, { root });
    try {
      const filler = path.join(mounted!, 'filler');
      try {
        fs.writeFileSync(filler, Buffer.alloc(1 << 20)); // takes every free byte
      } catch {
        // ENOSPC: the file has what fitted
      }
      const answered: string[] = [];
      let refused: Response | null = null;
      for (let i = 0; i < 50 && !refused; i++) {
        const events = Array.from({ length: 20 }, () => event());
        const res = await h.post(batch(events));
        if (res.status === 200) answered.push(...ids(events));
        else refused = res;
      }
      expect(refused?.status).toBe(503);
      expect(refused!.headers.get('retry-after')).toBeTruthy();
      const ready = await fetch(`${h.url}/readyz`);
      expect(ready.status).toBe(503);
      expect((await ready.json()).reason).toMatch(/ENOSPC/);

      fs.rmSync(filler);
      expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
      const later = Array.from({ length: 3 }, () => event());
      expect((await h.post(batch(later))).status).toBe(200);
      await h.collector.flush();
      expect(storedIds(h.lakeDir)).toEqual([...answered, ...ids(later)].sort());
    } finally {
      await h.stop();
    }
  });
});
