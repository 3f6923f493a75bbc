/**
 * INTERIM (until `actionlake compact` lands from the analyst-compact branch): raw events/ objects →
 * tables/events/site_id=<s>/dt=<d>/part.parquet with the typed columns compact writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const COLUMNS = `{
  event_id: 'VARCHAR', site_id: 'VARCHAR', action: 'VARCHAR', action_type: 'VARCHAR', triggered_at: 'TIMESTAMPTZ',
  anonymous_id: 'VARCHAR', session_id: 'VARCHAR', user_id: 'VARCHAR', visitor_type: 'VARCHAR',
  page: 'STRUCT(url VARCHAR, path VARCHAR, title VARCHAR, referrer VARCHAR)',
  utm: 'STRUCT(source VARCHAR, medium VARCHAR, campaign VARCHAR, term VARCHAR, content VARCHAR)',
  click_ids: 'JSON', products: 'STRUCT(name VARCHAR, price DOUBLE, currency VARCHAR, brand VARCHAR, id VARCHAR, category VARCHAR, variant VARCHAR, quantity DOUBLE, traits JSON)[]',
  attributes: 'JSON', traits: 'JSON',
  received_at: 'TIMESTAMPTZ', occurred_at: 'TIMESTAMPTZ',
  ua: 'STRUCT(raw VARCHAR, browser STRUCT(name VARCHAR, version VARCHAR), os STRUCT(name VARCHAR, version VARCHAR), device STRUCT(type VARCHAR, vendor VARCHAR, model VARCHAR), engine STRUCT(name VARCHAR))',
  geo: 'STRUCT(country VARCHAR, region VARCHAR, city VARCHAR, continent VARCHAR, timezone VARCHAR, latitude DOUBLE, longitude DOUBLE)',
  source: 'VARCHAR', source_type: 'VARCHAR',
  bot: 'STRUCT(is_bot BOOLEAN, "class" VARCHAR, reasons VARCHAR[])',
  consent: 'STRUCT(state VARCHAR, gpc BOOLEAN, source VARCHAR)'
}`;

export async function interimCompact(lakeDir: string, site: string): Promise<void> {
  const raw = path.join(lakeDir, 'events', `site_id=${site}`);
  const files = (fs.readdirSync(raw, { recursive: true }) as string[]).filter((f) => f.endsWith('.ndjson.gz')).map((f) => path.join(raw, f));
  const out = path.join(lakeDir, 'tables', 'events', `site_id=${site}`, 'dt=2000-01-01');
  fs.mkdirSync(out, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const list = files.map((f) => `'${f}'`).join(', ');
  await c.run(`COPY (SELECT * EXCLUDE (site_id), NULL::VARCHAR AS person_id FROM read_json([${list}], format = 'newline_delimited', columns = ${COLUMNS}) ORDER BY occurred_at)
               TO '${path.join(out, 'part.parquet')}' (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
}
