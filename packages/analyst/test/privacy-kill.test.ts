/**
 * `actionlake erase` killed half-way with a real SIGKILL (the built bin in a child process), then
 * run again: it ends complete and loses nothing else. On a local lake and on S3 (s3rver).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { cli, event, query, startCollector, tempDir, type CliResult } from './support/lake';
import { s3Lake } from './support/s3';

const BIN = path.resolve(__dirname, '../dist/cli/main.js');
const s3 = s3Lake('privacy-kill');

const ALICE = ['alice', 'a-laptop', 'a-phone'];
const mentions = (line: string, ids: string[]) => ids.some((id) => line.includes(`"${id}"`));
const day = (d: number, h: number) => `2024-05-0${d}T${String(h).padStart(2, '0')}:15:00.000Z`;

/** How a test reads the lake it erases from. */
interface LakeAccess {
  args: string[];
  env: Record<string, string>;
  /** key → bytes of every object under `prefix` */
  objects(prefix: string): Promise<Map<string, Buffer>>;
}

function localAccess(dir: string): LakeAccess {
  return {
    args: ['--lake', dir],
    env: {},
    async objects(prefix) {
      const out = new Map<string, Buffer>();
      for (const f of (fs.readdirSync(dir, { recursive: true }) as string[]).sort()) {
        const key = f.split(path.sep).join('/');
        const full = path.join(dir, f);
        if (key.startsWith(prefix) && fs.statSync(full).isFile()) out.set(key, fs.readFileSync(full));
      }
      return out;
    },
  };
}

function s3Access(prefix: string): LakeAccess {
  return {
    args: ['--s3', `s3://lake/${prefix}`],
    get env() {
      return s3.env();
    },
    async objects(under) {
      const c = s3.client();
      const out = new Map<string, Buffer>();
      try {
        let token: string | undefined;
        do {
          const res = await c.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: `${prefix}${under}`, ContinuationToken: token }));
          for (const o of res.Contents ?? []) {
            const body = await c.send(new GetObjectCommand({ Bucket: 'lake', Key: o.Key! }));
            out.set(o.Key!.slice(prefix.length), Buffer.from(await body.Body!.transformToByteArray()));
          }
          token = res.NextContinuationToken;
        } while (token);
      } finally {
        c.destroy();
      }
      return out;
    },
  };
}

/** key → lines of every raw (gzip NDJSON) object under `prefix` */
async function rawObjects(lake: LakeAccess, prefix: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const [k, b] of await lake.objects(prefix)) {
    if (k.endsWith('.ndjson.gz')) out.set(k, zlib.gunzipSync(b).toString('utf8').split('\n').filter(Boolean));
  }
  return out;
}
const rawLines = async (lake: LakeAccess, prefix: string) => [...(await rawObjects(lake, prefix)).values()].flat();

/**
 * Two days, a raw object per hour, each holding rows of Alice, Bob and Carol (never identified).
 * Alice identifies on her laptop in the first hour and later browses logged out on it (rows with
 * her anonymous id only: hers by the person rules); she also uses her phone, logged in. Some of
 * her and Bob's events are bad rows.
 */
async function threePersons(root: string, sink: Parameters<typeof startCollector>[2]): Promise<void> {
  const c = await startCollector(root, 'c1', sink);
  try {
    for (const d of [1, 2]) {
      for (let h = 6; h < 20; h++) {
        const at = day(d, h);
        const first = d === 1 && h === 6;
        await c.send(
          [
            event(at, first ? { anonymous_id: 'a-laptop', session_id: `al${d}`, user_id: 'alice', action: 'Identified', action_type: 'identify' } : { anonymous_id: 'a-laptop', session_id: `al${d}` }),
            event(at, { anonymous_id: 'a-phone', session_id: `ap${d}`, user_id: 'alice' }),
            event(at, { anonymous_id: 'b-1', session_id: `b${d}`, user_id: 'bob' }),
            event(at, { anonymous_id: 'c-1', session_id: `c${d}` }),
          ],
          at,
        );
        if (h % 5 === 0) {
          await c.sendRejected([event(at, { anonymous_id: 'a-phone', user_id: 'alice', action_type: 'bogus' }), event(at, { anonymous_id: 'b-1', user_id: 'bob', action_type: 'bogus' })]);
        }
        await c.flush();
      }
    }
  } finally {
    await c.close();
  }
}

/** `actionlake erase alice` as its own process (the built bin), SIGKILLed right after it prints a line matching `at`. */
function eraseKilled(lake: LakeAccess, at: RegExp): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'erase', 'alice', ...lake.args, '--site', 'shop'], {
      env: { ...process.env, ...lake.env, ACTIONLAKE_THREADS: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (at.test(stdout)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, stdout, stderr }));
  });
}

/** Rows of the tables an analyst reads, by person: ids of every row of each. */
async function tableRows(lake: LakeAccess): Promise<Record<string, string[]>> {
  const rows = await query<{ t: string; v: string }>(
    lake.args,
    `SELECT 'events' AS t, concat_ws('/', event_id, anonymous_id, user_id, action, CAST(occurred_at AS VARCHAR)) AS v FROM events
     UNION ALL SELECT 'identity_map', concat_ws('/', id, person_id) FROM identity_map
     UNION ALL SELECT 'sessions', concat_ws('/', session_id, anonymous_id, events) FROM sessions
     UNION ALL SELECT 'profiles', CAST(user_id AS VARCHAR) FROM profiles`,
    lake.env,
  );
  const of = (t: string) => rows.filter((r) => r.t === t).map((r) => String(r.v)).sort();
  return { events: of('events'), identity_map: of('identity_map'), sessions: of('sessions'), profiles: of('profiles') };
}

async function killedThenResumed(root: string, lake: LakeAccess): Promise<void> {
  const ok = (r: CliResult) => expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  ok(await cli(['build', ...lake.args], lake.env));
  const others = (lines: string[]) => lines.filter((l) => !mentions(l, ALICE)).sort();
  const rawBefore = await rawObjects(lake, 'events/');
  const eventsBefore = [...rawBefore.values()].flat();
  const badBefore = await rawLines(lake, 'bad/');
  const tablesBefore = await tableRows(lake);
  const aliceObjects = [...rawBefore.entries()].filter(([, ls]) => ls.some((l) => mentions(l, ALICE))).length;
  expect(aliceObjects).toBeGreaterThanOrEqual(28);
  expect(others(eventsBefore)).toHaveLength(2 * 14 * 2);
  expect(tablesBefore.profiles).toEqual(['alice', 'bob', 'null']); // Carol was never identified

  // the first run, killed in the middle of rewriting the raw objects
  const killed = await eraseKilled(lake, /^rewrote /m);
  expect(killed.signal).toBe('SIGKILL');
  expect(killed.stderr).not.toMatch(/actionlake:/); // no error, only killed
  const mid = await rawObjects(lake, 'events/');
  const stillAlice = [...mid.values()].filter((ls) => ls.some((l) => mentions(l, ALICE))).length;
  const rewritten = [...mid.keys()].filter((k) => /_e[0-9a-f]{8}\.ndjson\.gz$/.test(k)).length;
  expect(rewritten).toBeGreaterThan(0); // it had started ...
  expect(stillAlice).toBeGreaterThan(0); // ... and not finished
  expect(stillAlice).toBeLessThan(aliceObjects);
  expect(await lake.objects('privacy/site_id=shop/erase-')).toEqual(new Map()); // no audit record yet

  // run again, killed again once the raw objects are done and compact has run (while it rewrites the tables)
  const killedAgain = await eraseKilled(lake, /^compact: /m);
  expect(killedAgain.signal).toBe('SIGKILL');
  expect(killedAgain.stdout).toMatch(/^rewrote /m); // it went on where the first run stopped
  expect(await lake.objects('privacy/site_id=shop/erase-')).toEqual(new Map());

  // and again: complete, and nothing else lost or doubled
  const again = await cli(['erase', 'alice', ...lake.args, '--site', 'shop'], lake.env);
  ok(again);
  const eventsAfter = await rawLines(lake, 'events/');
  const badAfter = await rawLines(lake, 'bad/');
  expect(eventsAfter.filter((l) => mentions(l, ALICE))).toEqual([]);
  expect(badAfter.filter((l) => mentions(l, ALICE))).toEqual([]);
  expect(eventsAfter.sort()).toEqual(others(eventsBefore));
  expect(badAfter.sort()).toEqual(others(badBefore));
  expect(again.stdout).toMatch(/erase shop: 3 ids, \d+ rows removed/);

  const tablesAfter = await tableRows(lake);
  for (const [table, rows] of Object.entries(tablesAfter)) {
    expect({ table, alice: rows.filter((r) => ALICE.some((id) => r.split('/').includes(id))) }).toEqual({ table, alice: [] });
    expect({ table, rows }).toEqual({ table, rows: tablesBefore[table].filter((r) => !ALICE.some((id) => r.split('/').includes(id))) });
  }

  const audits = [...(await lake.objects('privacy/site_id=shop/erase-')).values()].map((b) => b.toString('utf8'));
  expect(audits).toHaveLength(1);
  expect(mentions(audits[0], ALICE)).toBe(false);
  expect(JSON.parse(audits[0])).toMatchObject({ kind: 'erase', site_id: 'shop', ids: 3 });
  // the request manifest named the ids while the erase was unfinished; done, it holds hashes only
  const requests = [...(await lake.objects('privacy/site_id=shop/requests/')).values()].map((b) => b.toString('utf8'));
  expect(requests).toHaveLength(1);
  expect(mentions(requests[0], ALICE)).toBe(false);
  expect(JSON.parse(requests[0])).toMatchObject({ status: 'done' });

  // a third run changes nothing
  const before = await lake.objects('');
  const third = await cli(['erase', 'alice', ...lake.args, '--site', 'shop'], lake.env);
  ok(third);
  expect(third.stdout).toMatch(/already done/);
  expect(await lake.objects('')).toEqual(before);
}

describe('erase killed half-way (SIGKILL) and run again', () => {
  it('on a local lake: ends with none of the person’s rows and every other row once, unchanged', async () => {
    const root = tempDir('privacy-kill');
    try {
      const dir = path.join(root, 'lake');
      await threePersons(root, dir);
      await killedThenResumed(root, localAccess(dir));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 180_000);

  it('on S3 (s3rver): the same', async () => {
    await threePersons(s3.root, s3.sink('k/'));
    await killedThenResumed(s3.root, s3Access('k/'));
  }, 180_000);
});
