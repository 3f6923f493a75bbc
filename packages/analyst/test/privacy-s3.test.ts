/** actionlake erase and export over S3 (s3rver through the AWS SDK), on a lake a real collector wrote there. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { cli, event, query, startCollector } from './support/lake';
import { s3Lake } from './support/s3';

const s3 = s3Lake('privacy-s3');
const env = s3.env;
const LAKE = ['--s3', 's3://lake/p/'];
const AS_BROWSER = { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36' };
const D1 = '2024-05-01T10:00:00.000Z';
const D2 = '2024-05-02T09:00:00.000Z';
const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const client = s3.client;

async function objects(prefix: string): Promise<Map<string, Buffer>> {
  const c = client();
  const out = new Map<string, Buffer>();
  const res = await c.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: `p/${prefix}` }));
  for (const o of res.Contents ?? []) {
    const body = await c.send(new GetObjectCommand({ Bucket: 'lake', Key: o.Key! }));
    out.set(o.Key!, Buffer.from(await body.Body!.transformToByteArray()));
  }
  c.destroy();
  return out;
}
const rawLines = async (prefix: string) =>
  [...(await objects(prefix)).entries()].filter(([k]) => k.endsWith('.ndjson.gz')).flatMap(([, b]) => zlib.gunzipSync(b).toString('utf8').split('\n').filter(Boolean));

it('erases a person from an S3 lake (raw objects, tables, suppression list, audit record) and leaves the other person', async () => {
  const sink = s3.sink('p/');
  const c = await startCollector(s3.root, 'c1', sink);
  try {
    await c.send([event(D1, { anonymous_id: 'a-laptop', session_id: 's1' }), event(D1, { anonymous_id: 'a-laptop', session_id: 's1', user_id: 'alice' })], D1, AS_BROWSER);
    await c.send([event(D2, { anonymous_id: 'b-1', session_id: 's3', user_id: 'bob' }), event(D2, { anonymous_id: 'a-phone', session_id: 's2', user_id: 'alice' })], D2, AS_BROWSER);
    await c.flush();
  } finally {
    await c.close();
  }
  expect((await cli(['build', ...LAKE], env())).code).toBe(0);
  const bob = (await rawLines('events/')).filter((l) => l.includes('"bob"'));
  expect(bob).toHaveLength(1);

  const r = await cli(['erase', 'alice', ...LAKE, '--site', 'shop'], env());
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/3 ids, 3 rows removed/);
  const raw = await rawLines('events/');
  expect(raw.filter((l) => /"(alice|a-laptop|a-phone)"/.test(l))).toEqual([]);
  expect(raw.filter((l) => l.includes('"bob"'))).toEqual(bob);
  const people = await query<any>(LAKE, 'SELECT DISTINCT anonymous_id FROM events ORDER BY 1', env());
  expect(people.map((p) => p.anonymous_id)).toEqual(['b-1']);
  const config = await objects('config/site_id=shop/suppressed.json');
  expect(JSON.parse([...config.values()][0].toString()).hashes).toEqual(['alice', 'a-laptop', 'a-phone'].map(sha).sort());
  const audit = [...(await objects('privacy/site_id=shop/erase-')).values()];
  expect(audit).toHaveLength(1);
  expect(audit[0].toString()).not.toMatch(/alice|a-laptop|a-phone/);

  const out = path.join(s3.root, 'bob.ndjson');
  expect((await cli(['export', 'b-1', ...LAKE, '--site', 'shop', '--out', out], env())).code).toBe(0);
  expect(fs.readFileSync(out, 'utf8').trim()).toBe(bob[0]);
}, 180_000);
