/**
 * What a batch keeps while its fsync runs. Under load each request waits there for several
 * milliseconds behind the others; whatever it holds then survives young-generation collections
 * and is promoted (measured: half the scavenge time, and most of the old generation's garbage).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Enricher } from '../src/enrich/enricher';
import { Ingestor } from '../src/ingest/ingestor';
import { createMetrics } from '../src/metrics/metrics';
import type { SpoolRecord } from '../src/spool/record';
import { Spool } from '../src/spool/spool';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const nextTurn = () => new Promise((r) => setImmediate(r));

describe('a batch waiting for its fsync', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-mem-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds none of its parsed events and answers once the write is durable', async () => {
    const spool = new Spool(dir);
    await spool.open();
    // the real spool, with its fsync held until the test lets it go
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const gated = Object.create(spool) as Spool;
    gated.append = (records: SpoolRecord[]) => {
      const write = spool.append(records);
      return gate.then(() => write);
    };
    const ingestor = new Ingestor({
      spool: gated, metrics: createMetrics({ spoolBytes: () => spool.bytes }), dedupWindow: 1000, maxBatchEvents: 500, badPayloadMaxBytes: 8192,
      enricher: new Enricher({ collectorId: 'c0', ipMode: 'anonymize', uaCacheSize: 10, geo: null }),
    });
    const events = Array.from({ length: 3 }, () => ({
      event_id: randomUUID(), site_id: 'shop', action: 'Page viewed', action_type: 'pageview',
      triggered_at: new Date().toISOString(), anonymous_id: 'a', session_id: 's', page: { url: 'https://shop.example/', path: '/' },
    }));
    const bytes = Buffer.from(JSON.stringify({ events }));
    const refs: WeakRef<object>[] = [];
    const answer = (() => {
      const raw = bytes.toString('utf8');
      const body = JSON.parse(raw) as { events: object[] };
      refs.push(new WeakRef(body), ...body.events.map((e) => new WeakRef(e)));
      return ingestor.batch(body, raw, { ip: '203.0.113.9', userAgent: 'test', receivedAt: new Date() }, bytes);
    })();
    await nextTurn();
    gc();
    await nextTurn();
    expect(refs.map((r) => r.deref() === undefined)).toEqual([true, true, true, true]);
    let answered = false;
    void answer.then(() => (answered = true));
    await nextTurn();
    expect(answered).toBe(false);
    release();
    expect(await answer).toEqual({ status: 200, body: { accepted: 3, rejected: 0, errors: [] } });
    await spool.close();
  });
});
