/**
 * One model file (sql/models/<name>.sql) read as dbt reads one: its config line, the models it
 * reads, its SELECT; and the order in which a set of them is built (each after what it reads).
 * Plain text rules, so that the file stays SQL an analyst can paste into DuckDB as it is.
 */
import { UserError } from '../errors';

export type Materialized = 'table' | 'temp' | 'view';
const MATERIALIZED: readonly Materialized[] = ['table', 'temp', 'view'];
const CONFIG_KEYS = ['materialized', 'order_by', 'incremental', 'partition_by'];

export interface Model {
  name: string;
  materialized: Materialized;
  /** ORDER BY of the written files ('' for none) */
  orderBy: string;
  /**
   * `partition_by`: the day (a DATE expression over the model's columns, e.g. 'CAST(started_at AS
   * DATE)', or 'dt') each row is written under, as tables/<name>/site_id=<s>/dt=<day>/data.parquet,
   * so an incremental build rewrites only the days whose rows changed; '' for one file per site.
   */
  partitionBy: string;
  /**
   * `incremental='person'`: each row is one person's (a person_id column) and depends only on that
   * person's events, so an incremental build recomputes the affected persons' rows and keeps the
   * others' (src/models/incremental.ts). Any other model is recomputed whole from its inputs.
   */
  perPerson: boolean;
  /**
   * `incremental='day'` (with partition_by): each day's rows depend only on that day's rows of the
   * models it reads, so an incremental build computes only the days its inputs changed
   * (src/models/partitions.ts). Any other model that is not per person is recomputed whole.
   */
  perDay: boolean;
  /** the models it reads (from the SQL, and its depends_on lines) */
  refs: string[];
  /** the SELECT, without a trailing semicolon */
  select: string;
  /** the whole file */
  text: string;
  /** a <name>.md beside it documents its columns */
  documented: boolean;
}

const CONFIG_LINE = /^--\s*\{\{\s*config\((.*)\)\s*\}\}\s*$/m;
const CONFIG_PAIR = /(\w+)\s*=\s*'([^']*)'/g;
const DEPENDS_ON = /^--\s*depends_on:\s*(.+)$/gm;
/** a name read by FROM or JOIN (not a table function: no "(" after it) */
const READS = /\b(?:from|join)\s+([a-z_][a-z0-9_]*)\b(?!\s*\()/gi;
/** a name the file defines itself: `name AS (` (a CTE) */
const DEFINES = /\b([a-z_][a-z0-9_]*)\s+as\s+(?:not\s+)?(?:materialized\s+)?\(/gi;

/** The SQL without comments and string literals (their words are not table names). */
function code(text: string): string {
  return text.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'/g, ' ');
}

function config(name: string, text: string): Record<string, string> {
  const line = CONFIG_LINE.exec(text);
  if (!line) throw new UserError(`sql/models/${name}.sql: no config line; begin it with -- {{ config(materialized='table'|'temp'|'view') }}`);
  const out: Record<string, string> = {};
  for (const [, key, value] of line[1].matchAll(CONFIG_PAIR)) {
    if (!CONFIG_KEYS.includes(key)) throw new UserError(`sql/models/${name}.sql: unknown config key "${key}" (keys: ${CONFIG_KEYS.join(', ')})`);
    out[key] = value;
  }
  if (line[1].replace(CONFIG_PAIR, '').replace(/[\s,]/g, '')) throw new UserError(`sql/models/${name}.sql: cannot read its config (${line[1].trim()}): write key='value', ...`);
  return out;
}

/** Reads one model file. */
export function readModel(name: string, text: string, documented: boolean): Omit<Model, 'refs'> & { reads: string[] } {
  const c = config(name, text);
  const materialized = c.materialized as Materialized;
  if (!MATERIALIZED.includes(materialized)) throw new UserError(`sql/models/${name}.sql: materialized must be ${MATERIALIZED.map((m) => `'${m}'`).join(', ')}, got '${c.materialized ?? ''}'`);
  const sql = code(text);
  const defined = new Set([...sql.matchAll(DEFINES)].map((m) => m[1].toLowerCase()));
  const reads = [...sql.matchAll(READS)].map((m) => m[1].toLowerCase()).filter((n) => !defined.has(n));
  for (const m of text.matchAll(DEPENDS_ON)) reads.push(...m[1].split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
  if (c.incremental !== undefined && c.incremental !== 'person' && c.incremental !== 'day') throw new UserError(`sql/models/${name}.sql: incremental must be 'person' or 'day', got '${c.incremental}'`);
  if (c.incremental === 'day' && !c.partition_by) throw new UserError(`sql/models/${name}.sql: incremental='day' needs partition_by (the day of each row)`);
  const select = text.trim().replace(/;\s*$/, '');
  return { name, materialized, orderBy: c.order_by ?? '', partitionBy: c.partition_by ?? '', perPerson: c.incremental === 'person', perDay: c.incremental === 'day', select, text, documented, reads };
}

/**
 * The models in build order: each after every model it reads (reads of sources, tables that are
 * no model such as `events`, are left out). Depth first from the written tables in name order, so
 * that a step is built right before the first table that needs it and not held longer.
 */
export function orderModels(read: ReturnType<typeof readModel>[]): Model[] {
  const byName = new Map(read.map((m) => [m.name, { ...m, refs: [...new Set(m.reads.filter((r) => r !== m.name && read.some((x) => x.name === r)))].sort() }]));
  const out: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new UserError(`sql/models: ${[...path, name].join(' → ')} read each other in a circle`);
    state.set(name, 'visiting');
    const m = byName.get(name)!;
    for (const r of m.refs) visit(r, [...path, name]);
    state.set(name, 'done');
    const { reads: _reads, ...model } = m;
    out.push(model);
  };
  const names = [...byName.keys()].sort();
  for (const n of names.filter((x) => byName.get(x)!.materialized === 'table')) visit(n, []);
  for (const n of names) visit(n, []);
  return out;
}
