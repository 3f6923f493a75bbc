/** Bad input: broken raw objects are salvaged and reported by name; a wrong lake, site or flag is one clear line. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { cli, event, query, startCollector, tempDir } from './support/lake';

// real collectors, DuckDB and Parquet on a shared 2-core machine: generous, outcomes not timing
jest.setTimeout(60_000);

let root: string;
let lake: string;

beforeEach(() => {
  root = tempDir('errors');
  lake = path.join(root, 'lake');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** A lake with three events on 2024-05-01 and one on 2024-05-02, written by a real collector. */
async function smallLake(): Promise<void> {
  const c = await startCollector(root, 'coll-a', lake);
  try {
    await c.send([event('2024-05-01T10:00:00.000Z', { anonymous_id: 'd1-a' }), event('2024-05-01T10:00:01.000Z', { anonymous_id: 'd1-b' })], '2024-05-01T10:00:02.000Z');
    await c.flush();
    await c.send([event('2024-05-02T10:00:00.000Z', { anonymous_id: 'd2' })], '2024-05-02T10:00:00.000Z');
    await c.flush();
  } finally {
    await c.close();
  }
}

function objectsOf(dt: string): string[] {
  const dir = path.join(lake, `events/site_id=shop/dt=${dt}`);
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ndjson.gz')).map((f) => path.join(dir, f));
}

describe('broken raw objects', () => {
  it('keeps the readable rows of a truncated object and of one with a non-JSON line, names both, writes the other day', async () => {
    await smallLake();
    const [good] = objectsOf('2024-05-01');
    const rows = zlib.gunzipSync(fs.readFileSync(good)).toString().trim().split('\n');
    const row = (anon: string) => JSON.stringify({ ...JSON.parse(rows[0]), event_id: crypto.randomUUID(), anonymous_id: anon });
    // a truncated gzip: two whole rows, the object cut in the middle of the stream
    const cut = zlib.gzipSync([row('cut-1'), row('cut-2'), row('cut-3').repeat(50)].join('\n') + '\n');
    const truncated = path.join(path.dirname(good), 'coll-x-1_truncated.ndjson.gz');
    fs.writeFileSync(truncated, cut.subarray(0, cut.length - 200));
    // a non-JSON line between two good rows
    const garbled = path.join(path.dirname(good), 'coll-x-2_garbled.ndjson.gz');
    fs.writeFileSync(garbled, zlib.gzipSync(`${row('garbled-1')}\n{"event_id": "oops", broken\n${row('garbled-2')}\n`));

    const r = await cli(['compact', '--lake', lake]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/coll-x-1_truncated\.ndjson\.gz: gzip stream broken \(unexpected end of file\).*kept the 2 readable rows/);
    expect(r.stderr).toMatch(/coll-x-2_garbled\.ndjson\.gz: 1 line not a JSON event \(line 2\); kept the 2 readable rows/);
    expect(r.stdout).toMatch(/2 days written \(7 events\).*2 objects with problems/);
    const anons = (await query<any>(['--lake', lake], 'SELECT anonymous_id FROM events ORDER BY 1')).map((x) => x.anonymous_id);
    expect(anons).toEqual(['cut-1', 'cut-2', 'd1-a', 'd1-b', 'd2', 'garbled-1', 'garbled-2']);
  });

  it('skips an object that is not gzip at all, and says so', async () => {
    await smallLake();
    const [good] = objectsOf('2024-05-01');
    fs.writeFileSync(path.join(path.dirname(good), 'coll-x-3_plain.ndjson.gz'), 'this is not gzip\n');
    const r = await cli(['compact', '--lake', lake]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/coll-x-3_plain\.ndjson\.gz: gzip stream broken \(incorrect header check\); kept the 0 readable rows/);
    expect(await query(['--lake', lake], 'SELECT count(*) AS n FROM events')).toEqual([{ n: 3 }]);
  });
});

describe('user errors: one line, no stack trace, non-zero exit', () => {
  it('a missing lake', async () => {
    const r = await cli(['compact', '--lake', path.join(root, 'nowhere')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`actionlake: no lake at ${path.join(root, 'nowhere')} (set LAKE_DIR or S3_BUCKET, or pass --lake DIR or --s3 s3://BUCKET/PREFIX)\n`);
  });

  it('LAKE_DIR is used when no flag is given', async () => {
    const r = await cli(['compact'], { LAKE_DIR: path.join(root, 'env-lake') });
    expect(r.stderr).toContain(`no lake at ${path.join(root, 'env-lake')}`);
  });

  it('an unknown site lists the sites there are', async () => {
    await smallLake();
    const r = await cli(['compact', '--lake', lake, '--site', 'blog']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`actionlake: unknown site "blog": the lake ${lake} has no events for it (sites: shop)\n`);
  });

  it('bad flags, commands and SQL', async () => {
    await smallLake();
    const flag = await cli(['compact', '--lake', lake, '--nope']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe('actionlake: compact has no option --nope; its options: --from YYYY-MM-DD, --to YYYY-MM-DD, --lake DIR, --s3 s3://BUCKET/PREFIX, --site S\n');
    expect((await cli(['frobnicate', '--lake', lake])).stderr).toBe('actionlake: unknown command "frobnicate" (see actionlake --help)\n');
    expect((await cli(['build', '--lake', lake, '--from', '2024-13-01'])).stderr).toBe('actionlake: --from must be a date YYYY-MM-DD, got "2024-13-01"\n');
    await cli(['compact', '--lake', lake]);
    const sql = await cli(['query', '--lake', lake, 'SELECT nope FROM events']);
    expect(sql.code).toBe(1);
    expect(sql.stderr.split('\n')).toHaveLength(2);
    expect(sql.stderr).toMatch(/^actionlake: query failed: Binder Error: Referenced column "nope" not found/);
  });
});

describe('options a command does not take (issue 23): an error naming them, never silently ignored', () => {
  it('an option of another command, a misspelt one, a stray argument, a missing value', async () => {
    await smallLake();
    await cli(['compact', '--lake', lake]);
    const cases: [string[], string][] = [
      [['query', 'SELECT 1', '--where', 'x'], 'actionlake: query has no option --where; its options: --json, --out FILE, --format csv|json|ndjson|parquet, --lake DIR, --s3 s3://BUCKET/PREFIX, --site S\n'],
      [['models', '--from', '2024-05-01'], 'actionlake: models has no option --from; its options: --full, --lake DIR, --s3 s3://BUCKET/PREFIX, --site S\n'],
      [['segment', '--where', 'true', '--outfile', 'x.csv'], 'actionlake: segment has no option --outfile; its options: --where "SQL predicate over profiles", --out FILE, --json, --lake DIR, --s3 s3://BUCKET/PREFIX, --site S\n'],
      [['build', '2024-05-01'], 'actionlake: build takes no argument, got "2024-05-01"; its options: --from YYYY-MM-DD, --to YYYY-MM-DD, --full, --lake DIR, --s3 s3://BUCKET/PREFIX, --site S\n'],
      [['profile', 'alice', 'bob'], 'actionlake: profile takes one ID, got 2: "alice" "bob"\n'],
      [['segment', '--where'], 'actionlake: segment: --where needs a value (--where "SQL predicate over profiles"); its options: --where "SQL predicate over profiles", --out FILE, --json, --lake DIR, --s3 s3://BUCKET/PREFIX, --site S\n'],
      [['segment', '--json=yes', '--where', 'true'], 'actionlake: segment: --json takes no value; its options: --where "SQL predicate over profiles", --out FILE, --json, --lake DIR, --s3 s3://BUCKET/PREFIX, --site S\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = await cli([...args, '--lake', lake]);
      expect({ args, code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ args, code: 2, stderr, stdout: '' });
    }
  });

  it('--help lists every command, and a command\'s --help its options', async () => {
    const all = await cli(['--help']);
    expect(all.code).toBe(0);
    for (const name of ['build', 'compact', 'models', 'profile', 'attribution', 'segment', 'query', 'ddl', 'erase', 'export', 'retention']) expect(all.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    const q = await cli(['query', '--help']);
    expect(q.code).toBe(0);
    expect(q.stdout.split('\n')[0]).toBe('usage: actionlake query "SQL" [--json] [--out FILE] [--format csv|json|ndjson|parquet]');
  });
});

describe('start-up', () => {
  it('does not load the AWS SDK (~170 ms) for a command on a local lake, and does for an S3 one', async () => {
    const { execFile } = await import('node:child_process');
    const runJs = path.resolve(__dirname, '../dist/cli/run.js');
    const awsModulesAfter = (args: string[]) =>
      new Promise<number>((resolve, reject) => {
        const script = `require(${JSON.stringify(runJs)}).run(${JSON.stringify(args)}, { stdout() {}, stderr() {}, env: process.env }).then(() => console.log(Object.keys(require.cache).filter((k) => k.includes('@aws-sdk')).length))`;
        execFile(process.execPath, ['-e', script], { env: { ...process.env, S3_BUCKET: '', S3_ENDPOINT: 'http://127.0.0.1:9', S3_FORCE_PATH_STYLE: 'true', AWS_ACCESS_KEY_ID: 'none', AWS_SECRET_ACCESS_KEY: 'none', AWS_EC2_METADATA_DISABLED: 'true' } }, (err, stdout) => (err ? reject(err) : resolve(Number(stdout.trim()))));
      });
    expect(await awsModulesAfter(['query', 'SELECT 1', '--lake', tempDir('startup')])).toBe(0);
    expect(await awsModulesAfter(['query', 'SELECT 1', '--s3', 's3://no-such-bucket/x'])).toBeGreaterThan(0);
  }, 60_000);
});
