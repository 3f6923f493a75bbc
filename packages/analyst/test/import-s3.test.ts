/**
 * `actionlake import` into an S3 lake (s3rver through the AWS SDK): the rows land under the
 * prefix's events/ partitions, a second run of the same file writes no object (the same keys and
 * ETags), `build` reads them, and a person erased earlier (the site's suppression list) is left out.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { emailSha256 } from '@actionlake/schema/node';
import { cli, query } from './support/lake';
import { IMPORT_SOURCES } from './support/imports';
import { s3Lake } from './support/s3';

const s3 = s3Lake('import-s3');
const LAKE = ['--s3', 's3://lake/p/'];
const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

async function keys(): Promise<{ key: string; etag: string }[]> {
  const c = s3.client();
  const res = await c.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'p/events/' }));
  c.destroy();
  return (res.Contents ?? []).map((o) => ({ key: o.Key!, etag: o.ETag! })).sort((a, b) => (a.key < b.key ? -1 : 1));
}

it('imports contacts into an S3 lake once, however often it runs, leaving out an erased person', async () => {
  const sources = path.join(s3.root, 'sources.json');
  fs.writeFileSync(sources, JSON.stringify(IMPORT_SOURCES));
  const file = path.join(s3.root, 'contacts.csv');
  fs.writeFileSync(file, 'email,user_id,plan,occurred_at\nann@example.com,u-ann,pro,2026-11-01T09:00:00Z\nerased@example.com,,free,2026-11-01T10:00:00Z\nbo@example.com,u-bo,free,2026-11-02T09:00:00Z\n');
  const exported = new Date('2026-11-05T17:40:00Z');
  fs.utimesSync(file, exported, exported);
  const c = s3.client();
  await c.send(new PutObjectCommand({ Bucket: 'lake', Key: 'p/config/site_id=shop/suppressed.json', Body: JSON.stringify({ version: 1, hashes: [sha(emailSha256('erased@example.com')!)] }) }));
  c.destroy();
  const run = () => cli(['import', file, '--source', 'crm', '--format', 'contacts', ...LAKE, '--sources', sources], s3.env());

  const first = await run();
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(first.stdout).toBe("import crm → s3://lake/p/ site shop: 2 rows; 0 bad lines skipped; 1 row of erased persons left out; 1 object written, 0 already in the lake\n");
  const written = await keys();
  expect(written.map((k) => k.key)).toEqual([
    // received_at: when the file was written, so one partition (and one object) for the whole file
    expect.stringMatching(/^p\/events\/site_id=shop\/dt=2026-11-05\/hour=17\/import_crm-[0-9a-f]{32}\.ndjson\.gz$/),
  ]);

  const second = await run();
  expect(second.stdout).toMatch(/2 rows; .* 0 objects written, 1 already in the lake/);
  expect(await keys()).toEqual(written);

  expect((await cli(['build', ...LAKE], s3.env())).code).toBe(0);
  const rows = await query<any>(LAKE, "SELECT user_id, origin.kind AS kind, json_extract_string(traits, '$.plan') AS plan FROM events ORDER BY occurred_at", s3.env());
  expect(rows).toEqual([{ user_id: 'u-ann', kind: 'import', plan: 'pro' }, { user_id: 'u-bo', kind: 'import', plan: 'free' }]);
}, 180_000);
