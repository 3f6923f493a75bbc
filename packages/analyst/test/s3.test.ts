/** compact and query over S3 (s3rver through the AWS SDK), as the collector writes it there. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { cli, event, query, startCollector } from './support/lake';
import { s3Lake } from './support/s3';

const s3 = s3Lake('s3');
const env = s3.env;
const sink = () => s3.sink('site-lake/');

async function tables(): Promise<Record<string, string>> {
  const client = s3.client();
  const res = await client.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'site-lake/tables/' }));
  return Object.fromEntries((res.Contents ?? []).map((c) => [c.Key!, `${c.ETag} ${c.LastModified?.toISOString()}`]));
}

/** Debian's /usr/bin/aws, else the first `aws` on PATH (a pyenv shim here), else none */
function awsCli(): string | null {
  if (fs.existsSync('/usr/bin/aws')) return '/usr/bin/aws';
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir && fs.existsSync(path.join(dir, 'aws'))) return path.join(dir, 'aws');
  return null;
}

/** `aws s3 ls --recursive`, run asynchronously (never block this process while s3rver answers) */
function awsLs(aws: string, url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(aws, ['s3', 'ls', '--recursive', url, '--endpoint-url', s3.endpoint], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_DEFAULT_REGION: 'us-east-1' },
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`aws exited ${code}: ${out}`))));
  });
}

it('compacts an S3 lake written by two collectors: one row per event, idempotent, late objects rewrite their day, the AWS CLI lists the Parquet', async () => {
  const a = await startCollector(s3.root, 'coll-a', sink());
  const b = await startCollector(s3.root, 'coll-b', sink());
  const lake = ['--s3', 's3://lake/site-lake'];
  try {
    const shared = [event('2024-05-01T10:00:00.000Z'), event('2024-05-01T10:00:01.000Z')];
    await a.send(shared, '2024-05-01T10:00:02.000Z');
    await b.send(shared, '2024-05-01T10:00:03.000Z');
    await b.send([event('2024-05-02T08:00:00.000Z', { anonymous_id: 'anon-2' })], '2024-05-02T08:00:00.000Z');
    await a.flush();
    await b.flush();

    const first = await cli(['compact', ...lake], env());
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/2 days written \(3 events\)/);
    expect(await query(lake, 'SELECT count(*) AS n, count(DISTINCT event_id) AS ids FROM events', env())).toEqual([{ n: 3, ids: 3 }]);
    const before = await tables();
    expect(Object.keys(before).filter((k) => k.includes('/tables/events/') && k.endsWith('.parquet'))).toHaveLength(2);

    const again = await cli(['compact', ...lake], env());
    expect(again.stdout).toMatch(/0 days written \(0 events\), 2 unchanged/);
    expect(await tables()).toEqual(before);

    await a.send([event('2024-05-02T23:59:00.000Z', { anonymous_id: 'late' })], '2024-05-02T23:59:00.000Z');
    await a.flush();
    expect((await cli(['compact', ...lake], env())).stdout).toMatch(/1 day written \(2 events\), 1 unchanged/);
    const after = await tables();
    const day = (t: Record<string, string>, dt: string) => Object.entries(t).filter(([k]) => k.includes(`/tables/events/site_id=shop/dt=${dt}/`));
    expect(day(after, '2024-05-01')).toEqual(day(before, '2024-05-01'));
    expect(day(after, '2024-05-02').map(([k]) => k)).not.toEqual(day(before, '2024-05-02').map(([k]) => k));
    expect(day(after, '2024-05-02')).toHaveLength(1);

    // Athena reads the tables where they are: the lake's own S3 location
    const ddl = await cli(['ddl', '--engine', 'athena', ...lake], env());
    expect(ddl.code).toBe(0);
    expect(ddl.stdout).toContain("LOCATION 's3://lake/site-lake/tables/events/';");

    const aws = awsCli();
    if (!aws) return console.warn('no AWS CLI on this machine: the `aws s3 ls` check is left out');
    const listing = await awsLs(aws, 's3://lake/site-lake/tables/events/');
    const parquet = listing.split('\n').filter((l) => l.endsWith('.parquet'));
    expect(parquet).toHaveLength(2);
    expect(parquet.join('\n')).toMatch(/site-lake\/tables\/events\/site_id=shop\/dt=2024-05-01\/part-[a-z0-9]+-0+\.parquet/);
  } finally {
    await a.close();
    await b.close();
  }
}, 60_000);
