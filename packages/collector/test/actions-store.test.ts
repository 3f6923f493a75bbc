/** The ActionStore against a local lake: site limits, versions, the read cache and serialized edits. */
import fs from 'node:fs';
import path from 'node:path';
import { ActionStore, type ActionStoreOptions } from '../src/actions/store';
import { LocalFolderSink, type LakeSink } from '../src/app';
import type { PutCondition } from '../src/lake/sink';
import { actionsFile, definition, storedBytes, TOKEN, actionsClient } from './support/actions';
import { start, tempDir } from './support/harness';

let root: string;
let sink: LocalFolderSink;
beforeEach(() => {
  root = tempDir('actions-store');
  sink = new LocalFolderSink(path.join(root, 'lake'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const store = (o: Partial<ActionStoreOptions> = {}) => new ActionStore({ sink, cacheMs: 60_000, maxPerSite: 200, maxBytes: 262_144, ...o });

describe('ActionStore', () => {
  it('numbers versions 1-, 2-, ... with a random part, and starts empty at "0"', async () => {
    const s = store();
    expect(await s.get('demo')).toEqual({ version: '0', json: '{"version":"0","actions":[]}' });
    const v1 = await s.put('demo', definition('a'));
    const v2 = await s.put('demo', definition('a'));
    const v3 = await s.remove('demo', 'a');
    expect([v1, v2, v3].map((o) => (o.status === 'saved' ? o.version : o.status))).toEqual([
      expect.stringMatching(/^1-[0-9a-f]{8}$/), expect.stringMatching(/^2-[0-9a-f]{8}$/), expect.stringMatching(/^3-[0-9a-f]{8}$/),
    ]);
    expect(await s.remove('demo', 'a')).toMatchObject({ status: 'not_found' });
  });

  it('keeps the site file within ACTIONS_MAX_BYTES: a write of exactly the limit goes through, one byte more does not', async () => {
    const a = definition('a');
    const b = definition('b', { name: 'B' });
    // the file after the second edit: version "2-" + 8 hex, updated_at a 24-character ISO date
    const size = Buffer.byteLength(JSON.stringify({ version: '2-00000000', updated_at: new Date().toISOString(), actions: [a, b] }));

    const over = store({ maxBytes: size - 1 });
    expect(await over.put('demo', a)).toMatchObject({ status: 'saved' });
    const before = storedBytes(sink.root);
    expect(await over.put('demo', b)).toEqual({
      status: 'too_large', error: `the site's actions would be ${size} bytes as JSON; the limit is ${size - 1} (ACTIONS_MAX_BYTES)`,
    });
    expect(storedBytes(sink.root)).toEqual(before);

    expect(await store({ maxBytes: size }).put('demo', b)).toMatchObject({ status: 'saved', created: true });
    expect(fs.statSync(actionsFile(sink.root)).size).toBe(size);
  });

  it('refuses a corrupt stored file instead of overwriting it', async () => {
    fs.mkdirSync(path.dirname(actionsFile(sink.root)), { recursive: true });
    fs.writeFileSync(actionsFile(sink.root), '{"version": "3-x", "actions": [');
    const s = store();
    await expect(s.get('demo')).rejects.toThrow(/config\/site_id=demo\/actions\.json is not valid JSON/);
    await expect(s.put('demo', definition('a'))).rejects.toThrow(/is not valid JSON/);
    expect(fs.readFileSync(actionsFile(sink.root), 'utf8')).toBe('{"version": "3-x", "actions": [');
  });

  it("reads the lake again after ACTIONS_CACHE_MS (another collector's edit), and every time with 0", async () => {
    const cached = store({ cacheMs: 300 });
    const uncached = store({ cacheMs: 0 });
    const other = store();
    expect((await cached.get('demo')).version).toBe('0');
    expect((await uncached.get('demo')).version).toBe('0');
    const saved = await other.put('demo', definition('a'));
    const version = saved.status === 'saved' ? saved.version : '';
    expect((await uncached.get('demo')).version).toBe(version);
    expect((await cached.get('demo')).version).toBe('0');
    await new Promise((r) => setTimeout(r, 350));
    expect((await cached.get('demo')).version).toBe(version);
  });

  it('times the read cache with the injected clock', async () => {
    let t = Date.parse('2024-05-01T12:00:00Z');
    const s = store({ cacheMs: 1_000, now: () => new Date(t) });
    const other = store();
    expect((await s.get('demo')).version).toBe('0');
    const saved = await other.put('demo', definition('a'));
    t += 999;
    expect((await s.get('demo')).version).toBe('0');
    t += 1;
    expect((await s.get('demo')).version).toBe(saved.status === 'saved' ? saved.version : 'not saved');
    // an edit is stamped with the same clock
    await s.put('demo', definition('b'));
    expect(JSON.parse(storedBytes(sink.root)!.toString()).updated_at).toBe(new Date(t).toISOString());
  });

  it('does not cache what a read started before an edit returned', async () => {
    const gated = new GatedSink(sink);
    const s = new ActionStore({ sink: gated, cacheMs: 60_000, maxPerSite: 200, maxBytes: 262_144 });
    gated.holdNextGet();
    const early = s.get('demo'); // reads the empty lake, answers later
    const saved = await s.put('demo', definition('a'));
    gated.release();
    expect((await early).version).toBe('0');
    expect((await s.get('demo')).version).toBe(saved.status === 'saved' ? saved.version : 'not saved');
  });

  it('runs the edits of one site one at a time, each on what the previous one wrote', async () => {
    const slow = new SlowSink(sink);
    const s = new ActionStore({ sink: slow, cacheMs: 0, maxPerSite: 200, maxBytes: 262_144 });
    const ids = Array.from({ length: 8 }, (_, i) => `a${i}`);
    const outcomes = await Promise.all([...ids.map((id) => s.put('demo', definition(id))), s.put('other', definition('x'))]);
    expect(outcomes.every((o) => o.status === 'saved')).toBe(true);
    expect(slow.maxConcurrent.get('demo')).toBe(1);
    expect(slow.maxConcurrent.get('other')).toBe(1);
    expect(JSON.parse((await s.get('demo')).json).actions.map((a: { id: string }) => a.id)).toEqual(ids);
    expect((await s.get('demo')).version).toMatch(/^8-/);
  });
});

describe('a lake that fails', () => {
  it('answers 503 with Retry-After when the definitions cannot be read or written', async () => {
    const h = await start({ adminToken: TOKEN });
    try {
      fs.mkdirSync(path.dirname(actionsFile(h.lakeDir)), { recursive: true });
      fs.writeFileSync(actionsFile(h.lakeDir), 'not json');
      const api = actionsClient(h.url);
      for (const res of [await api.list(), await api.put('a', definition('a'))]) {
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        expect((await res.json()).error).toMatch(/^could not (read|store) the action definitions in the lake; retry later$/);
      }
      expect(fs.readFileSync(actionsFile(h.lakeDir), 'utf8')).toBe('not json');
    } finally {
      await h.stop();
    }
  });
});

/** Holds the answer of the next get() until release(), with what the lake held when it was asked. */
class GatedSink implements LakeSink {
  private hold = false;
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;
  constructor(private readonly inner: LakeSink) {}
  get describe() {
    return 'gated';
  }
  holdNextGet() {
    this.hold = true;
    this.gate = new Promise((r) => (this.open = r));
  }
  release() {
    this.open();
  }
  async get(key: string) {
    const held = this.hold;
    this.hold = false;
    const body = await this.inner.get(key);
    if (held) await this.gate;
    return body;
  }
  put(key: string, body: Buffer, type?: string, condition?: PutCondition) {
    return this.inner.put(key, body, type, condition);
  }
  check() {
    return this.inner.check();
  }
}

/** Slow reads and writes that record how many edits of a site overlapped. */
class SlowSink implements LakeSink {
  readonly maxConcurrent = new Map<string, number>();
  private readonly active = new Map<string, number>();
  constructor(private readonly inner: LakeSink) {}
  get describe() {
    return 'slow';
  }
  private async around<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const n = (this.active.get(key) ?? 0) + 1;
    this.active.set(key, n);
    this.maxConcurrent.set(key.split('/')[1].slice(8), Math.max(n, this.maxConcurrent.get(key.split('/')[1].slice(8)) ?? 0));
    try {
      await new Promise((r) => setTimeout(r, 5));
      return await fn();
    } finally {
      this.active.set(key, this.active.get(key)! - 1);
    }
  }
  get(key: string) {
    return this.around(key, () => this.inner.get(key));
  }
  put(key: string, body: Buffer, type?: string, condition?: PutCondition) {
    return this.around(key, () => this.inner.put(key, body, type, condition));
  }
  check() {
    return this.inner.check();
  }
}
