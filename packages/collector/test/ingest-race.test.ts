/** A repeat of an event is acknowledged only once the first copy is on disk. */
import { Enricher } from '../src/enrich/enricher';
import { Ingestor } from '../src/ingest/ingestor';
import { createMetrics } from '../src/metrics/metrics';
import type { SpoolRecord } from '../src/spool/record';
import type { Spool } from '../src/spool/spool';
import fs from 'node:fs';
import path from 'node:path';
import { batch, event, tempDir } from './support/harness';

/** A spool whose appends finish when the test says so. */
function controlledSpool() {
  const writes: { records: SpoolRecord[]; resolve: () => void; reject: (e: Error) => void }[] = [];
  const spool = {
    append: (records: SpoolRecord[]) => new Promise<void>((resolve, reject) => writes.push({ records, resolve, reject })),
  } as unknown as Spool;
  return { spool, writes };
}

function ingestor(spool: Spool, windowFile?: string) {
  return new Ingestor({
    spool, metrics: createMetrics({}), dedupWindow: 100, maxBatchEvents: 10, badPayloadMaxBytes: 1000, windowFile,
    enricher: new Enricher({ collectorId: 't', ipMode: 'anonymize', uaCacheSize: 10, geo: null }),
  });
}

const ctx = () => ({ ip: '127.0.0.1', userAgent: null, receivedAt: new Date() });
const settled = async (p: Promise<unknown>) => {
  let state = 'pending';
  p.then(() => (state = 'resolved'), () => (state = 'rejected'));
  await new Promise((r) => setTimeout(r, 10));
  return state;
};

describe('concurrent repeats of one event_id', () => {
  it('waits for the first write, and fails with it, so the page keeps the event and retries', async () => {
    const { spool, writes } = controlledSpool();
    const ing = ingestor(spool);
    const e = event();
    const first = ing.batch(batch([{ ...e }]), '', ctx());
    const repeat = ing.batch(batch([{ ...e }]), '', ctx());
    expect(await settled(repeat)).toBe('pending'); // not acknowledged before the first copy is durable
    writes[0].reject(new Error('disk full'));
    writes[1].resolve(); // the repeat's own (empty) write
    await expect(first).rejects.toThrow('disk full');
    await expect(repeat).rejects.toThrow('disk full');
    // after the failure the id is free again: the retry is stored
    const retry = ing.batch(batch([{ ...e }]), '', ctx());
    await new Promise((r) => setTimeout(r, 0));
    expect(writes[2].records.map((r) => r.k === 'e' && r.r.event_id)).toEqual([e.event_id]);
    writes[2].resolve();
    expect(await retry).toMatchObject({ status: 200, body: { accepted: 1 } });
  });

  it('acknowledges the repeat once the first copy is on disk', async () => {
    const { spool, writes } = controlledSpool();
    const ing = ingestor(spool);
    const e = event();
    const first = ing.batch(batch([{ ...e }]), '', ctx());
    const repeat = ing.batch(batch([{ ...e }]), '', ctx());
    writes[1].resolve();
    expect(await settled(repeat)).toBe('pending');
    writes[0].resolve();
    expect(await first).toMatchObject({ status: 200 });
    expect(await repeat).toMatchObject({ status: 200, body: { accepted: 1, rejected: 0 } });
    expect(writes[1].records).toEqual([]);
  });

  it('never saves in the window file an id whose write has not finished (a crash then would make the retry a "repeat")', async () => {
    const { spool, writes } = controlledSpool();
    const dir = tempDir('window-file');
    const file = path.join(dir, 'dedup-window.txt');
    try {
      const ing = ingestor(spool, file);
      const e = event();
      const first = ing.batch(batch([{ ...e }]), '', ctx());
      await new Promise((r) => setTimeout(r, 0));
      await ing.saveWindow(); // a flush ends while the write is under way
      expect(fs.readFileSync(file, 'utf8')).not.toContain(e.event_id as string);
      writes[0].resolve();
      await first;
      await ing.saveWindow();
      expect(fs.readFileSync(file, 'utf8').split('\n')).toEqual([e.event_id]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
