/**
 * The SQL of the models, in packages/analyst/sql: every macro file (sql/macros/*.sql), then each
 * model (sql/models/<name>.sql, one SELECT) materialized as a DuckDB table of the same name, in the
 * order below (each reads the ones before it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { SQL_DIR } from '../ground/context';
import type { Duck } from '../ground/duck/duck';
import { ident } from '../ground/duck/duck';

/**
 * Built in this order. `as`: 'table' is written to the lake; 'step' a table kept inside DuckDB;
 * 'view' a view (person_events: read again by each model rather than held in memory).
 */
export type ModelKind = 'table' | 'step' | 'view';
export const MODELS: { name: string; as: ModelKind; order: string }[] = [
  { name: 'identity_map', as: 'table', order: 'id_type, id' },
  { name: 'person_events', as: 'view', order: '' },
  { name: 'conversion_events', as: 'step', order: '' },
  { name: 'conversions', as: 'table', order: 'occurred_at, event_id' },
  { name: 'conversion_products', as: 'step', order: '' },
  { name: 'conversion_parts', as: 'step', order: '' },
  { name: 'reporting_currency', as: 'step', order: '' },
  { name: 'conversion_revenue', as: 'table', order: 'occurred_at, event_id, currency' },
  { name: 'sessions', as: 'table', order: 'started_at, session_id' },
  { name: 'attribution', as: 'table', order: 'conversion_event_id, touch_index' },
  { name: 'person_traits', as: 'step', order: '' },
  { name: 'person_products', as: 'step', order: '' },
  { name: 'profiles', as: 'table', order: 'first_seen, person_id' },
  { name: 'channel_daily', as: 'table', order: 'dt, channel, source, medium, campaign' },
  { name: 'products', as: 'table', order: 'revenue DESC, product_id' },
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

/** Runs one model's SELECT into a table (or view) of its name. */
export async function buildModel(duck: Duck, name: string, kind: ModelKind): Promise<void> {
  const select = readSql(`models/${name}.sql`).trim().replace(/;\s*$/, '');
  try {
    await duck.run(`CREATE OR REPLACE ${kind === 'view' ? 'VIEW' : 'TABLE'} ${ident(name)} AS ${select}`);
  } catch (err) {
    throw new Error(`sql/models/${name}.sql: ${(err as Error).message.split('\n')[0]}`);
  }
}
