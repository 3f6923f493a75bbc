/**
 * GET of the definitions while the lake cannot be read (an S3 outage): the last copy in memory is
 * answered, a failed read is remembered for FAILED_READ_MEMORY_MS, and 503 only without a copy.
 * The lake is a real LocalFolderSink whose reads can be made to fail (fault injection).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { ActionStore, FAILED_READ_MEMORY_MS } from '../src/actions/store';
import { LocalFolderSink, type LakeSink } from '../src/app';
import type { PutCondition } from '../src/lake/sink';
import { actionsClient, definition, TOKEN } from './support/actions';
import { start, tempDir } from './support/harness';

/** Passes everything to a local lake; get() throws while `failing`. */
class FailingReads implements LakeSink {
  failing = false;
  gets = 0;
  constructor(private readonly inner: LakeSink) {}
  get describe() {
    return 'failing reads';
  }
  async get(key: string) {
    this.gets++;
    if (this.failing) throw new Error('simulated lake outage');
    return this.inner.get(key);
  }
  put(key: string, body: Buffer, type?: string, condition?: PutCondition) {
    return this.inner.put(key, body, type, condition);
  }
  check() {
    return this.inner.check();
  }
}

let root: string;
let sink: FailingReads;
beforeEach(() => {
  root = tempDir('read-failures');
  sink = new FailingReads(new LocalFolderSink(path.join(root, 'lake')));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('ActionStore.get while the lake cannot be read', () => {
  it('answers the last copy however old, asks the lake again only every FAILED_READ_MEMORY_MS, and warns', async () => {
    let t = Date.parse('2024-05-01T12:00:00Z');
    const warnings: unknown[][] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) } as unknown as Logger;
    const s = new ActionStore({ sink, cacheMs: 1_000, maxPerSite: 200, maxBytes: 262_144, now: () => new Date(t), logger });
    const saved = await s.put('demo', definition('a'));
    const version = saved.status === 'saved' ? saved.version : 'not saved';
    sink.failing = true;
    t += 60_000;
    const before = sink.gets;
    expect((await s.get('demo')).version).toBe(version);
    expect(sink.gets).toBe(before + 1);
    expect(warnings).toEqual([[expect.objectContaining({ site: 'demo', served: version }), 'could not read the action definitions; answering the copy in memory']]);
    t += FAILED_READ_MEMORY_MS - 1;
    expect((await s.get('demo')).version).toBe(version);
    expect(sink.gets).toBe(before + 1);
    t += 1;
    expect((await s.get('demo')).version).toBe(version);
    expect(sink.gets).toBe(before + 2);

    sink.failing = false;
    t += FAILED_READ_MEMORY_MS;
    const fresh = await new ActionStore({ sink, cacheMs: 0, maxPerSite: 200, maxBytes: 262_144 }).put('demo', definition('b'));
    expect((await s.get('demo')).version).toBe(fresh.status === 'saved' ? fresh.version : 'not saved');
  });

  it('rejects without a copy, and does not ask the lake again within FAILED_READ_MEMORY_MS', async () => {
    let t = 0;
    const s = new ActionStore({ sink, cacheMs: 0, maxPerSite: 200, maxBytes: 262_144, now: () => new Date(t) });
    sink.failing = true;
    await expect(s.get('demo')).rejects.toThrow('simulated lake outage');
    await expect(s.get('demo')).rejects.toThrow('simulated lake outage');
    expect(sink.gets).toBe(1);
    sink.failing = false;
    t += FAILED_READ_MEMORY_MS;
    expect((await s.get('demo')).version).toBe('0');
    expect(sink.gets).toBe(2);
  });
});

describe('GET /v1/sites/:site/actions while the lake cannot be read', () => {
  it('answers 200 with the copy in memory, and 503 + Retry-After for a site it has no copy of', async () => {
    const h = await start({ adminToken: TOKEN, actionsCacheMs: 0 }, { root, sink });
    try {
      const api = actionsClient(h.url);
      const { version } = await (await api.put('a', definition('a'))).json();
      sink.failing = true;
      const res = await api.list();
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe(`"${version}"`);
      expect(await res.json()).toEqual({ version, actions: [definition('a')] });
      expect((await api.list({ 'if-none-match': `"${version}"` })).status).toBe(304);

      const before = sink.gets;
      for (let i = 0; i < 3; i++) {
        const none = await actionsClient(h.url, 'blog').list();
        expect(none.status).toBe(503);
        expect(none.headers.get('retry-after')).toBe('5');
      }
      expect(sink.gets).toBe(before + 1);
    } finally {
      await h.close();
    }
  });
});
