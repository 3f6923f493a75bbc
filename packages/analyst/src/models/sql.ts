/**
 * The SQL of the models, in packages/analyst/sql: every macro file (sql/macros/*.sql), then each
 * model (sql/models/<name>.sql, one SELECT) materialized as a DuckDB table of the same name, in the
 * order below (each reads the ones before it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { SQL_DIR } from '../context';
import type { Duck } from '../duck/duck';
import { ident } from '../duck/duck';

/** Built in this order; `written: false` is a view inside DuckDB (a step, not a table of the lake). */
export const MODELS: { name: string; written: boolean; order: string }[] = [
  { name: 'identity_map', written: true, order: 'id_type, id' },
  { name: 'person_events', written: false, order: '' },
  { name: 'conversions', written: true, order: 'occurred_at, event_id' },
  { name: 'sessions', written: true, order: 'started_at, session_id' },
  { name: 'attribution', written: true, order: 'conversion_event_id, touch_index' },
  { name: 'profiles', written: true, order: 'first_seen, person_id' },
  { name: 'channel_daily', written: true, order: 'dt, channel, source, medium, campaign' },
  { name: 'products', written: true, order: 'revenue DESC, product_id' },
];

export function readSql(file: string): string {
  return fs.readFileSync(path.join(SQL_DIR, file), 'utf8');
}

export async function loadMacros(duck: Duck): Promise<void> {
  const dir = path.join(SQL_DIR, 'macros');
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    try {
      await duck.run(fs.readFileSync(path.join(dir, f), 'utf8'));
    } catch (err) {
      throw new Error(`sql/macros/${f}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
}

/** Runs one model's SELECT into a table of its name (a view when it is not written). */
export async function buildModel(duck: Duck, name: string, written = true): Promise<void> {
  const select = readSql(`models/${name}.sql`).trim().replace(/;\s*$/, '');
  try {
    await duck.run(`CREATE OR REPLACE ${written ? 'TABLE' : 'VIEW'} ${ident(name)} AS ${select}`);
  } catch (err) {
    throw new Error(`sql/models/${name}.sql: ${(err as Error).message.split('\n')[0]}`);
  }
}
