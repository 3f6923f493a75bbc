/**
 * Several collectors editing one lake: the conditional put of LocalFolderSink (lock file around
 * check + rename) and the ActionStore redoing an edit whose object changed in between.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LocalFolderSink } from '../src/app';
import { isPreconditionFailed, PreconditionFailed } from '../src/lake/sink';
import { STALE_LOCK_MS } from '../src/lake/local-sink';
import { actionsClient, definition, TOKEN } from './support/actions';
import { start, tempDir } from './support/harness';

let root: string;
beforeEach(() => {
  root = tempDir('concurrency');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const KEY = 'config/site_id=demo/actions.json';

describe('LocalFolderSink conditional put', () => {
  it('writes with ifNoneMatch only when nothing is stored and with ifMatch only over that version', async () => {
    const sink = new LocalFolderSink(path.join(root, 'lake'));
    await sink.put(KEY, Buffer.from('one'), 'application/json', { ifNoneMatch: true });
    await expect(sink.put(KEY, Buffer.from('two'), 'application/json', { ifNoneMatch: true })).rejects.toBeInstanceOf(PreconditionFailed);

    const first = (await sink.get(KEY))!;
    expect(first.body.toString()).toBe('one');
    await sink.put(KEY, Buffer.from('two'), 'application/json', { ifMatch: first.tag });
    const second = (await sink.get(KEY))!;
    expect(second.tag).not.toBe(first.tag);

    const stale = sink.put(KEY, Buffer.from('lost'), 'application/json', { ifMatch: first.tag });
    await expect(stale).rejects.toThrow(`${KEY} was changed by someone else`);
    expect(isPreconditionFailed(await stale.catch((e) => e))).toBe(true);
    expect((await sink.get(KEY))!.body.toString()).toBe('two');
    // no temp or lock file left behind
    expect(fs.readdirSync(path.join(root, 'lake', 'config', 'site_id=demo'))).toEqual(['actions.json']);
  });

  it('of two writers over the same version, exactly one wins', async () => {
    const a = new LocalFolderSink(path.join(root, 'lake'));
    const b = new LocalFolderSink(path.join(root, 'lake'));
    await a.put(KEY, Buffer.from('base'));
    const { tag } = (await a.get(KEY))!;
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).put(KEY, Buffer.from(`w${i}`), 'application/json', { ifMatch: tag })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && isPreconditionFailed(r.reason))).toHaveLength(9);
  });

  it('waits for a held lock and breaks one older than STALE_LOCK_MS', async () => {
    const sink = new LocalFolderSink(path.join(root, 'lake'));
    const lock = path.join(root, 'lake', 'config', 'site_id=demo', '.actions.json.lock');
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    fs.writeFileSync(lock, '');
    let done = false;
    const put = sink.put(KEY, Buffer.from('x'), 'application/json', { ifNoneMatch: true }).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(done).toBe(false);
    fs.rmSync(lock);
    await put;
    expect(fs.existsSync(lock)).toBe(false);

    fs.writeFileSync(lock, '');
    const old = (Date.now() - STALE_LOCK_MS - 1_000) / 1000;
    fs.utimesSync(lock, old, old);
    const { tag } = (await sink.get(KEY))!;
    await sink.put(KEY, Buffer.from('y'), 'application/json', { ifMatch: tag });
    expect((await sink.get(KEY))!.body.toString()).toBe('y');
  });
});

describe('two collectors on one lake', () => {
  it('keep every definition when edits of different ids reach both at the same time', async () => {
    const a = await start({ adminToken: TOKEN, actionsCacheMs: 0 }, { root: path.join(root, 'a') });
    const lake = new LocalFolderSink(a.lakeDir);
    const b = await start({ adminToken: TOKEN, actionsCacheMs: 0 }, { root: path.join(root, 'b'), sink: lake });
    try {
      const apis = [actionsClient(a.url), actionsClient(b.url)];
      for (let round = 0; round < 3; round++) {
        const ids = Array.from({ length: 16 }, (_, i) => `r${round}-${i}`);
        const results = await Promise.all(ids.map((id, i) => apis[i % 2].put(id, definition(id))));
        expect(results.map((r) => r.status)).toEqual(ids.map(() => 201));
        for (const api of apis) {
          const listed = (await (await api.list()).json()).actions.map((x: { id: string }) => x.id);
          expect(listed).toEqual(expect.arrayContaining(ids));
        }
      }
      const stored = JSON.parse(fs.readFileSync(path.join(a.lakeDir, KEY), 'utf8'));
      expect(stored.actions.map((x: { id: string }) => x.id).sort()).toEqual(
        Array.from({ length: 3 }, (_, r) => Array.from({ length: 16 }, (_, i) => `r${r}-${i}`)).flat().sort(),
      );
      expect(stored.version).toMatch(/^48-/);
    } finally {
      await b.close();
      await a.close();
    }
  });

  it('checks If-Match against the version stored by the other collector', async () => {
    const a = await start({ adminToken: TOKEN }, { root: path.join(root, 'a') });
    const b = await start({ adminToken: TOKEN }, { root: path.join(root, 'b'), sink: new LocalFolderSink(a.lakeDir) });
    try {
      const v1 = (await (await actionsClient(a.url).put('x', definition('x'))).json()).version;
      const v2 = (await (await actionsClient(b.url).put('y', definition('y'), { 'if-match': `"${v1}"` })).json()).version;
      const stale = await actionsClient(a.url).put('x', definition('x', { name: 'Stale' }), { 'if-match': `"${v1}"` });
      expect(stale.status).toBe(412);
      expect((await stale.json()).version).toBe(v2);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
