/**
 * What a batch keeps while its fsync runs. Under load each request waits there for several
 * milliseconds behind the others; whatever it holds then survives young-generation collections
 * and is promoted (measured: half the scavenge time, and most of the old generation's garbage).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { Enricher } from '../src/enrich/enricher';
import { ingestHandler } from '../src/http/ingest-handler';
import { Ingestor } from '../src/ingest/ingestor';
import { createMetrics } from '../src/metrics/metrics';
import type { SpoolRecord } from '../src/spool/record';
import { Spool } from '../src/spool/spool';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const nextTurn = () => new Promise((r) => setImmediate(r));

/** The real spool, with its fsync held until `release()`. */
async function gatedSpool(dir: string) {
  const spool = new Spool(dir);
  await spool.open();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const gated = Object.create(spool) as Spool;
  gated.append = (records: SpoolRecord[]) => {
    const write = spool.append(records);
    return gate.then(() => write);
  };
  return { spool, gated, release };
}

const newIngestor = (spool: Spool) => new Ingestor({
  spool, metrics: createMetrics({ spoolBytes: () => spool.bytes }), dedupWindow: 1000, maxBatchEvents: 500, badPayloadMaxBytes: 8192,
  enricher: new Enricher({ collectorId: 'c0', ipMode: 'anonymize', uaCacheSize: 10, geo: null }),
});

const events = () => Array.from({ length: 3 }, () => ({
  event_id: randomUUID(), site_id: 'shop', action: 'Page viewed', action_type: 'pageview',
  triggered_at: new Date().toISOString(), anonymous_id: 'a', session_id: 's', page: { url: 'https://shop.example/', path: '/' },
}));

/** true for each of `refs` that the garbage collector could free */
async function freed(refs: WeakRef<object>[]): Promise<boolean[]> {
  await nextTurn();
  gc();
  await nextTurn();
  return refs.map((r) => r.deref() === undefined);
}

describe('a batch waiting for its fsync', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-mem-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds none of its parsed events in the ingestor, and answers once the write is durable', async () => {
    const { spool, gated, release } = await gatedSpool(dir);
    const ingestor = newIngestor(gated);
    const bytes = Buffer.from(JSON.stringify({ events: events() }));
    const refs: WeakRef<object>[] = [];
    const answer = (() => {
      const raw = bytes.toString('utf8');
      const body = JSON.parse(raw) as { events: object[] };
      refs.push(new WeakRef(body), ...body.events.map((e) => new WeakRef(e)));
      return ingestor.batch(body, raw, { ip: '203.0.113.9', userAgent: 'test', receivedAt: new Date() }, bytes);
    })();
    expect(await freed(refs)).toEqual([true, true, true, true]);
    let answered = false;
    void answer.then(() => (answered = true));
    await nextTurn();
    expect(answered).toBe(false);
    release();
    expect(await answer).toEqual({ status: 200, body: { accepted: 3, rejected: 0, errors: [] } });
    await spool.close();
  });

  it('holds none of them in the request handler either (a real HTTP request)', async () => {
    const { spool, gated, release } = await gatedSpool(dir);
    const ingestor = newIngestor(gated);
    // what the handler parsed, seen where it hands it to the ingestor
    const refs: WeakRef<object>[] = [];
    const batch = ingestor.batch.bind(ingestor);
    ingestor.batch = (body, ...rest) => {
      refs.push(new WeakRef(body as object), ...(body as { events: object[] }).events.map((e) => new WeakRef(e)));
      return batch(body, ...rest);
    };
    const config = loadConfig({ SPOOL_DIR: dir, LAKE_DIR: path.join(dir, 'lake') });
    const handle = ingestHandler({ config, ingestor, spool: gated, metrics: createMetrics({ spoolBytes: () => spool.bytes }), logger: pino({ level: 'silent' }), now: () => new Date() });
    const server = http.createServer((req, res) => void handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const answer = fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/batch`, {
        method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ events: events() }),
      });
      for (let i = 0; i < 200 && !refs.length; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await freed(refs)).toEqual([true, true, true, true]);
      release();
      const res = await answer;
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ accepted: 3, rejected: 0, errors: [] });
    } finally {
      release();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await spool.close();
    }
  });
});
