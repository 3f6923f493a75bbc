/**
 * `actionlake serve --s3`: the tables of an S3 lake (s3rver through the AWS SDK) are read from a
 * local copy in the run's work folder, and a later build reaches the dashboard at the next listing
 * (ACTIONLAKE_SERVE_REFRESH_S=0: every request lists), with only the changed objects copied again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cli, event, query, startCollector } from './support/lake';
import { s3Lake } from './support/s3';
import { DASHBOARD_TOKEN, serve } from './support/dashboard';

const s3 = s3Lake('serve-s3');
const LAKE = 's3://lake/site-lake';

it('shows the figures of the S3 lake, and of a later build, from a local copy', async () => {
  const collector = await startCollector(s3.root, 'coll-a', s3.sink('site-lake/'));
  const work = path.join(s3.root, 'serve-work');
  fs.mkdirSync(work);
  const sessions = async () => (await query<{ n: number }>(['--s3', LAKE], 'SELECT count(*)::INTEGER AS n FROM sessions', s3.env()))[0].n;
  const overview = async (url: string) => {
    const res = await fetch(new URL('/api/overview?site=shop&from=2024-05-01&to=2024-05-03', url), { headers: { authorization: `Bearer ${DASHBOARD_TOKEN}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { current: { totals: { sessions: number } } }).current.totals.sessions;
  };
  let dash: Awaited<ReturnType<typeof serve>> | null = null;
  try {
    await collector.send([event('2024-05-01T10:00:00.000Z'), event('2024-05-01T10:01:00.000Z')], '2024-05-01T10:01:00.000Z');
    await collector.send([event('2024-05-02T08:00:00.000Z', { anonymous_id: 'anon-2', session_id: 'sess-2' })], '2024-05-02T08:00:00.000Z');
    await collector.flush();
    expect((await cli(['build', '--s3', LAKE], s3.env())).code).toBe(0);
    expect(await sessions()).toBe(2);

    dash = await serve(LAKE, { ...s3.env(), ACTIONLAKE_TMP_DIR: work, ACTIONLAKE_SERVE_REFRESH_S: '0' });
    expect(await overview(dash.url)).toBe(2);
    const copied = (fs.readdirSync(work, { recursive: true }) as string[]).filter((f) => f.endsWith('.parquet'));
    expect(copied.some((f) => f.split(path.sep).join('/').includes('tables/events/site_id=shop/dt=2024-05-01/'))).toBe(true);

    await collector.send([event('2024-05-03T09:00:00.000Z', { anonymous_id: 'anon-3', session_id: 'sess-3' })], '2024-05-03T09:00:00.000Z');
    await collector.flush();
    expect((await cli(['build', '--s3', LAKE], s3.env())).code).toBe(0);
    expect(await sessions()).toBe(3);
    expect(await overview(dash.url)).toBe(3);
  } finally {
    await dash?.stop();
    await collector.close();
  }
}, 120_000);
