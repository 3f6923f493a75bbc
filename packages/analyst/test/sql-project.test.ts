/**
 * The SQL project (packages/analyst/sql) checked as dbt checks one: each model's config line is
 * read, the build order follows what each model reads, and each written table's <table>.md lists
 * exactly the columns the table has (a column added to the SQL without a line in the .md fails).
 */
import fs from 'node:fs';
import path from 'node:path';
import { rawColumns } from '../src/compact/columns';
import { Duck } from '../src/ground/duck/duck';
import { SqlProject } from '../src/ground/sql/project';
import { tempDir } from './support/lake';

const project = SqlProject.load();

/** The column names a <table>.md lists: the back-quoted names in the first cell of each table row. */
function documented(table: string): string[] {
  const md = fs.readFileSync(path.join(project.dir, 'models', `${table}.md`), 'utf8');
  const rows = md.split('\n').filter((l) => l.startsWith('| `'));
  return rows.flatMap((l) => [...l.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
}

describe('the models of packages/analyst/sql', () => {
  it('are each built after every model it reads, the person rule after the identity map it reads through a macro', () => {
    const order = project.models.map((m) => m.name);
    for (const m of project.models) for (const r of m.refs) expect({ model: m.name, reads: r, before: order.indexOf(r) < order.indexOf(m.name) }).toEqual({ model: m.name, reads: r, before: true });
    expect(project.model('person_events').refs).toEqual(['identity_map']);
    expect(project.model('sessions').refs).toEqual(['conversion_revenue', 'conversions', 'person_events', 'reporting_currency']);
    expect(project.models.filter((m) => m.materialized === 'table').map((m) => m.name).sort()).toEqual(
      ['attribution', 'channel_daily', 'conversion_revenue', 'conversions', 'identity_map', 'product_daily', 'products', 'profiles', 'sessions'],
    );
  });

  it('document every written table in <table>.md, column for column', async () => {
    const work = tempDir('sql-columns');
    const duck = await Duck.open({ tempDir: work, threads: 1 });
    try {
      await project.loadMacros(duck);
      // the inputs as `actionlake models` has them: tables/events (every lake row column, person_id, channel) and the config tables
      const cols = rawColumns().map((c) => `"${c.name}" ${c.type}`).join(', ');
      await duck.run(`CREATE TABLE events (${cols}, person_id VARCHAR, channel VARCHAR)`);
      await duck.run('CREATE TABLE conversion_actions (site_id VARCHAR, action VARCHAR)');
      await duck.run('CREATE TABLE model_settings (site_id VARCHAR, lookback_days INTEGER, currency VARCHAR)');
      const tables = project.models.filter((m) => m.materialized === 'table');
      for (const m of project.models) await project.build(duck, m);
      for (const m of tables) {
        expect({ table: m.name, documented: m.documented }).toEqual({ table: m.name, documented: true });
        // the files hold every column but site_id (a Hive partition, in the path)
        const real = (await duck.describe(`SELECT * EXCLUDE (site_id) FROM "${m.name}"`)).map((c) => c.name);
        expect({ table: m.name, columns: documented(m.name).sort() }).toEqual({ table: m.name, columns: [...real].sort() });
      }
    } finally {
      duck.close();
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('a model file', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('sql-project');
    fs.mkdirSync(path.join(dir, 'macros'));
    fs.mkdirSync(path.join(dir, 'models'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const model = (name: string, text: string) => fs.writeFileSync(path.join(dir, 'models', `${name}.sql`), text);

  it('declares its materialization as dbt does, and is refused with the reason when it does not', () => {
    model('a', "-- {{ config(materialized='table', order_by='x') }}\nSELECT 1 AS x FROM events");
    expect(SqlProject.load(dir).model('a')).toMatchObject({ materialized: 'table', orderBy: 'x', refs: [] });
    model('a', 'SELECT 1 AS x');
    expect(() => SqlProject.load(dir)).toThrow("sql/models/a.sql: no config line; begin it with -- {{ config(materialized='table'|'temp'|'view') }}");
    model('a', "-- {{ config(materialized='table', unique_key='x') }}\nSELECT 1");
    expect(() => SqlProject.load(dir)).toThrow('sql/models/a.sql: unknown config key "unique_key" (keys: materialized, order_by, incremental, partition_by)');
    model('a', "-- {{ config(materialized='table', incremental='person') }}\nSELECT 1 AS person_id");
    expect(SqlProject.load(dir).model('a')).toMatchObject({ perPerson: true });
    model('a', "-- {{ config(materialized='table', incremental='week') }}\nSELECT 1");
    expect(() => SqlProject.load(dir)).toThrow("sql/models/a.sql: incremental must be 'person' or 'day', got 'week'");
    model('a', "-- {{ config(materialized='table', incremental='day') }}\nSELECT 1");
    expect(() => SqlProject.load(dir)).toThrow("sql/models/a.sql: incremental='day' needs partition_by (the day of each row)");
    model('a', "-- {{ config(materialized='ephemeral') }}\nSELECT 1");
    expect(() => SqlProject.load(dir)).toThrow("sql/models/a.sql: materialized must be 'table', 'temp', 'view', got 'ephemeral'");
  });

  it('reads the models named after FROM and JOIN, not those in comments, strings or its own CTEs, and refuses a circle', () => {
    model('b', "-- {{ config(materialized='temp') }}\n-- built FROM c in the old days\nWITH c AS (SELECT 1) SELECT 'from c' FROM c JOIN a ON true, unnest([1])");
    model('a', "-- {{ config(materialized='table') }}\nSELECT * FROM events");
    model('c', "-- {{ config(materialized='view') }}\n-- depends_on: b\nSELECT 1");
    const p = SqlProject.load(dir);
    expect(p.models.map((m) => [m.name, m.refs])).toEqual([['a', []], ['b', ['a']], ['c', ['b']]]);
    model('a', "-- {{ config(materialized='table') }}\nSELECT * FROM c");
    expect(() => SqlProject.load(dir)).toThrow('sql/models: a → c → b → a read each other in a circle');
  });

  it('has its macros read a data file beside them through getvariable(\'actionlake_sql_dir\')', async () => {
    fs.writeFileSync(path.join(dir, 'macros', 'sources.csv'), 'source,category\nflipboard,SOCIAL\n');
    fs.writeFileSync(path.join(dir, 'macros', 'sources.sql'),
      "CREATE OR REPLACE MACRO al_category(s) AS (SELECT category FROM read_csv(getvariable('actionlake_sql_dir') || '/macros/sources.csv') WHERE source = s);");
    model('a', "-- {{ config(materialized='table') }}\nSELECT al_category('flipboard') AS category");
    const p = SqlProject.load(dir);
    const duck = await Duck.open({ tempDir: dir, threads: 1 });
    try {
      await p.loadMacros(duck);
      await p.build(duck, p.model('a'));
      expect(await duck.all('SELECT * FROM a')).toEqual([{ category: 'SOCIAL' }]);
    } finally {
      duck.close();
    }
  });
});
