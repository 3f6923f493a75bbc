/**
 * The SQL of the rules and models, loaded one way for every part that runs it (compact, models,
 * tests): packages/analyst/sql, or a copy of it named by ACTIONLAKE_SQL_DIR. Like a dbt project:
 *
 *   macros/*.sql          CREATE MACRO statements, run in name order before any model; a data
 *                         file beside them (a CSV) is read through getvariable('actionlake_sql_dir')
 *   models/<name>.sql     one SELECT per model, opening with its config, as dbt writes it:
 *                           -- {{ config(materialized='table', order_by='started_at, session_id') }}
 *   models/<name>.md      the columns of a model that is written (materialized='table')
 *
 * materialized: 'table' (written to tables/<name>/ by `actionlake models`), 'temp' (a DuckDB table
 * the models after it read, not written) or 'view'. A model's dependencies are the models it reads
 * (`FROM name`, `JOIN name`; `-- depends_on: name` for one only a macro reads, as in dbt), and the
 * build order follows from them, as dbt's follows from ref(): no list to keep in step.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ident, lit, type Duck } from '../duck/duck';
import { UserError } from '../errors';
import { orderModels, readModel, type Model } from './model-file';

export type { Materialized, Model } from './model-file';

/** packages/analyst/sql */
export const PACKAGE_SQL_DIR = path.resolve(__dirname, '..', '..', '..', 'sql');

export class SqlProject {
  private constructor(
    /** the folder (absolute) */
    readonly dir: string,
    /** macros/*.sql in the order they run */
    readonly macroFiles: string[],
    /** every model, in an order where each comes after the models it reads */
    readonly models: Model[],
  ) {}

  /** Reads the project; a UserError names the file when one cannot be read or ordered. */
  static load(dir = PACKAGE_SQL_DIR): SqlProject {
    const abs = path.resolve(dir);
    const list = (sub: string) => {
      try {
        return fs.readdirSync(path.join(abs, sub)).sort();
      } catch {
        throw new UserError(`no SQL project at ${abs} (it needs macros/ and models/; ACTIONLAKE_SQL_DIR names a copy of packages/analyst/sql)`);
      }
    };
    const macros = list('macros').filter((f) => f.endsWith('.sql'));
    const files = list('models').filter((f) => f.endsWith('.sql'));
    const read = (rel: string) => fs.readFileSync(path.join(abs, rel), 'utf8');
    const models = files.map((f) => readModel(f.slice(0, -4), read(`models/${f}`), fs.existsSync(path.join(abs, 'models', f.replace(/\.sql$/, '.md')))));
    return new SqlProject(abs, macros, orderModels(models));
  }

  model(name: string): Model {
    const m = this.models.find((x) => x.name === name);
    if (!m) throw new Error(`sql/models/${name}.sql: no such model in ${this.dir}`);
    return m;
  }

  /** Runs every macro file (again: CREATE OR REPLACE), after setting the variable actionlake_sql_dir. */
  async loadMacros(duck: Duck): Promise<void> {
    await duck.run(`SET VARIABLE actionlake_sql_dir = ${lit(this.dir)}`);
    for (const f of this.macroFiles) {
      try {
        await duck.run(fs.readFileSync(path.join(this.dir, 'macros', f), 'utf8'));
      } catch (err) {
        throw new Error(`sql/macros/${f}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
  }

  /**
   * Builds one model in DuckDB under its name, as it is materialized ('view': a view, else a
   * table). `append`: adds the rows to the table of that name (made when missing), for a model
   * built in parts (compact builds identity_map site by site).
   */
  async build(duck: Duck, model: Model, append = false): Promise<void> {
    const name = ident(model.name);
    const sql = append
      ? `CREATE TABLE IF NOT EXISTS ${name} AS SELECT * FROM (${model.select}) LIMIT 0; INSERT INTO ${name} BY NAME ${model.select}`
      : `CREATE OR REPLACE ${model.materialized === 'view' ? 'VIEW' : 'TABLE'} ${name} AS ${model.select}`;
    try {
      await duck.run(sql);
    } catch (err) {
      throw new Error(`sql/models/${model.name}.sql: ${(err as Error).message.split('\n')[0]}`);
    }
  }

  /**
   * A hash of every file in macros/ (data files too) and of the named models' SQL: what a table
   * built with these rules was built from (compact rebuilds its days when it changes).
   */
  hash(models: string[]): string {
    const h = crypto.createHash('sha256');
    for (const f of fs.readdirSync(path.join(this.dir, 'macros')).sort()) {
      const file = path.join(this.dir, 'macros', f);
      if (fs.statSync(file).isFile()) h.update(`macros/${f}\n`).update(fs.readFileSync(file)).update('\n');
    }
    for (const m of models) h.update(`models/${m}.sql\n`).update(this.model(m).text).update('\n');
    return h.digest('hex');
  }
}
