/** The S3 sink and a whole collector against a real S3-protocol server (s3rver). */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3Sink } from '../src/app';
import type { S3SinkOptions } from '../src/lake/s3-sink';
import { actionsClient, definition, TOKEN } from './support/actions';
import { batch, event, start, tempDir } from './support/harness';
import { startS3rver, type S3rverProcess } from './support/s3rver';

let s3: S3rverProcess;
let dir: string;
let endpoint: string;

beforeAll(async () => {
  dir = tempDir('s3rver');
  s3 = await startS3rver(dir, 'lake');
  endpoint = s3.endpoint;
}, 30_000);

afterAll(async () => {
  await s3.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const options = (bucket = 'lake', prefix = 'raw/'): S3SinkOptions => ({
  bucket, prefix, region: 'us-east-1', endpoint, forcePathStyle: true,
  requestTimeoutMs: 5_000, connectionTimeoutMs: 2_000, maxAttempts: 1,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});

describe('S3 sink', () => {
  it('puts whole gzip objects under the prefix with Content-Type application/gzip', async () => {
    const sink = new S3Sink(options());
    try {
      await sink.check();
      const body = zlib.gzipSync('{"a":1}\n');
      await sink.put('events/site_id=shop/dt=2024-05-01/hour=12/c-1_x.ndjson.gz', body);
      const got = await sink.client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'raw/events/site_id=shop/dt=2024-05-01/hour=12/c-1_x.ndjson.gz' }));
      expect(got.ContentType).toBe('application/gzip');
      expect(got.ContentEncoding).toBeUndefined();
      const bytes = Buffer.from(await got.Body!.transformToByteArray());
      expect(zlib.gunzipSync(bytes).toString()).toBe('{"a":1}\n');
    } finally {
      await sink.close();
    }
  });

  it('check() rejects for a bucket that does not exist', async () => {
    const sink = new S3Sink(options('no-such-bucket'));
    try {
      await expect(sink.check()).rejects.toBeDefined();
    } finally {
      await sink.close();
    }
  });

  it('a collector flushes its spool into the bucket under the contract keys', async () => {
    const sink = new S3Sink(options('lake', 'c/'));
    const h = await start({ collectorId: 'c-s3' }, { sink });
    try {
      const events = [event(), event({ site_id: 'blog' })];
      expect((await h.post(batch(events))).status).toBe(200);
      expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
      await h.collector.flush();
      const list = await sink.client.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'c/events/' }));
      const keys = (list.Contents ?? []).map((o) => o.Key!).sort();
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/^c\/events\/site_id=blog\/dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/c-s3-[^/-]+\.ndjson\.gz$/);
      expect(keys[1]).toMatch(/^c\/events\/site_id=shop\//);
    } finally {
      await h.stop();
    }
  });

  it('get() returns an object under the prefix, null for a missing key, and rejects for a missing bucket', async () => {
    const sink = new S3Sink(options('lake', 'g/'));
    const noBucket = new S3Sink(options('no-such-bucket', 'g/'));
    try {
      await sink.put('config/site_id=shop/actions.json', Buffer.from('{"version":"1-x"}'), 'application/json');
      expect((await sink.get('config/site_id=shop/actions.json'))!.body.toString()).toBe('{"version":"1-x"}');
      const raw = await sink.client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'g/config/site_id=shop/actions.json' }));
      expect(raw.ContentType).toBe('application/json');
      expect(await sink.get('config/site_id=nobody/actions.json')).toBeNull();
      await expect(noBucket.get('config/site_id=shop/actions.json')).rejects.toBeDefined();
    } finally {
      await sink.close();
      await noBucket.close();
    }
  });
  // s3rver ignores If-Match / If-None-Match, so all this shows is that the conditional form of a
  // write still stores the object; that AWS S3 refuses a stale one (412) is not tested here.
  it('get() returns the ETag as tag, and conditional puts (If-None-Match / If-Match) still store the object', async () => {
    const sink = new S3Sink(options('lake', 'cond/'));
    try {
      await sink.put('config/site_id=shop/actions.json', Buffer.from('1'), 'application/json', { ifNoneMatch: true });
      const first = (await sink.get('config/site_id=shop/actions.json'))!;
      const head = await sink.client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'cond/config/site_id=shop/actions.json' }));
      expect(first).toEqual({ body: Buffer.from('1'), tag: head.ETag });
      await sink.put('config/site_id=shop/actions.json', Buffer.from('2'), 'application/json', { ifMatch: first.tag });
      expect((await sink.get('config/site_id=shop/actions.json'))!.body.toString()).toBe('2');
    } finally {
      await sink.close();
    }
  });
});

describe('action definitions in S3', () => {
  it('stores them at <prefix>config/site_id=<site>/actions.json and serves them after a restart', async () => {
    const first = await start({ adminToken: TOKEN }, { sink: new S3Sink(options('lake', 'p1/')) });
    let version: string;
    try {
      const api = actionsClient(first.url);
      expect(await (await api.list()).json()).toEqual({ version: '0', actions: [] });
      await Promise.all(['a', 'b', 'c'].map((id) => api.put(id, definition(id))));
      const res = await api.put('b', definition('b', { name: 'Renamed' }), { 'if-match': (await api.list()).headers.get('etag')! });
      expect(res.status).toBe(200);
      version = (await res.json()).version;
      expect(version).toMatch(/^4-/);
    } finally {
      await first.stop();
    }

    const sink = new S3Sink(options('lake', 'p1/'));
    const got = await sink.client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'p1/config/site_id=demo/actions.json' }));
    expect(got.ContentType).toBe('application/json');
    const file = JSON.parse(Buffer.from(await got.Body!.transformToByteArray()).toString());
    expect(file).toMatchObject({ version, updated_at: expect.any(String) });
    expect(file.actions.map((a: { id: string; name: string }) => a.id).sort()).toEqual(['a', 'b', 'c']);

    const second = await start({ adminToken: TOKEN }, { sink });
    try {
      const res = await actionsClient(second.url).list();
      expect(res.headers.get('etag')).toBe(`"${version}"`);
      const body = await res.json();
      expect(body.version).toBe(version);
      expect(body.actions.find((a: { id: string }) => a.id === 'b')).toEqual(definition('b', { name: 'Renamed' }));
      expect((await actionsClient(second.url).del('a')).status).toBe(200);
      expect((await actionsClient(second.url).del('a')).status).toBe(404);
    } finally {
      await second.stop();
    }
  });
});
