/** actionlake ddl: CREATE EXTERNAL TABLE statements that match the Parquet files and their Hive partitions. */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { hiveType } from '../src/ddl/types';
import { cli, event, startCollector, tempDir } from './support/lake';

let root: string;
let lake: string;

beforeAll(async () => {
  root = tempDir('ddl');
  lake = path.join(root, 'lake');
  const c = await startCollector(root, 'coll-a', lake);
  try {
    await c.send([event('2024-05-01T10:00:00.000Z', { products: [{ id: 'p1', price: 3 }] })], '2024-05-01T10:00:00.000Z');
    await c.flush();
  } finally {
    await c.close();
  }
  expect((await cli(['compact', '--lake', lake])).code).toBe(0);
  // a table the models step writes: partitioned by site only
  const dir = path.join(lake, 'tables/sessions/site_id=shop');
  fs.mkdirSync(dir, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`COPY (SELECT 's1' AS session_id, 2::BIGINT AS page_views, 12.5::DOUBLE AS revenue, ['a','b'] AS tags) TO '${dir}/part-0.parquet' (FORMAT parquet)`);
  conn.closeSync();
  db.closeSync();
}, 60_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('ddl', () => {
  it('athena: every table, its columns from the files, Hive partitions, the --location the tables are synced to', async () => {
    const r = await cli(['ddl', '--engine', 'athena', '--lake', lake, '--location', 's3://my-bucket/lake']);
    expect(r.code).toBe(0);
    const [events, sessions] = r.stdout.trim().split('\n\n');
    expect(events).toMatch(/^CREATE EXTERNAL TABLE IF NOT EXISTS `events` \(\n  `event_id` string,\n/);
    expect(events).toContain('  `page` struct<url:string,path:string,title:string,referrer:string>,');
    expect(events).toMatch(/`products` array<struct<name:string,price:double,.*traits:string>>/);
    expect(events).toContain('  `occurred_at` timestamp,');
    expect(events).toContain('  `person_id` string,\n  `channel` string\n)');
    expect(events).not.toMatch(/^  `(site_id|dt)` /m); // partitions are not data columns (Athena refuses both)
    expect(events).toContain("PARTITIONED BY (`site_id` string, `dt` string)\nSTORED AS PARQUET\nLOCATION 's3://my-bucket/lake/tables/events/';\nMSCK REPAIR TABLE `events`;");
    expect(sessions).toBe(
      'CREATE EXTERNAL TABLE IF NOT EXISTS `sessions` (\n  `session_id` string,\n  `page_views` bigint,\n  `revenue` double,\n  `tags` array<string>\n)\n' +
        "PARTITIONED BY (`site_id` string)\nSTORED AS PARQUET\nLOCATION 's3://my-bucket/lake/tables/sessions/';\nMSCK REPAIR TABLE `sessions`;",
    );
  });

  it('spark, at the --location the lake is synced to', async () => {
    const r = await cli(['ddl', '--engine', 'spark', '--lake', lake, '--location', 's3://bucket/lake']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("LOCATION 's3://bucket/lake/tables/events/';");
    expect(r.stdout).toContain('  `page` STRUCT<url:STRING,path:STRING,title:STRING,referrer:STRING>,');
  });

  it('athena on a local lake: asks for --location, since Athena cannot read a local folder (issue 23); spark reads it in place', async () => {
    const r = await cli(['ddl', '--engine', 'athena', '--lake', lake]);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 2, stdout: '',
      stderr: `actionlake: ddl --engine athena needs --location s3://BUCKET/PREFIX, where the tables are synced to: Athena reads S3 only, and the lake ${lake} is a local folder (aws s3 sync ${lake}/tables s3://BUCKET/PREFIX/tables)\n`,
    });
    const spark = await cli(['ddl', '--engine', 'spark', '--lake', lake]);
    expect(spark.stdout).toContain("LOCATION 'file://" + lake + "/tables/events/';");
  });

  it('needs an engine', async () => {
    const r = await cli(['ddl', '--lake', lake]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('actionlake: ddl needs --engine athena or --engine spark\n');
  });

  it('maps nested DuckDB types', () => {
    expect(hiveType('STRUCT("type" VARCHAR, "class" VARCHAR, n DECIMAL(10,2))[]', 'athena')).toBe('array<struct<type:string,class:string,n:decimal(10,2)>>');
    expect(hiveType('MAP(VARCHAR, BIGINT)', 'spark')).toBe('MAP<STRING,BIGINT>');
  });
});
