/**
 * What tests send to a collector and read back from it, without starting one: shared by the
 * collector's jest tests and the Playwright suite (which runs the collector as a process).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Contract §5: events/site_id=<site>/dt=<YYYY-MM-DD>/hour=<HH>/<collector_id>-<...>.ndjson.gz */
export const EVENTS_KEY = /^events\/site_id=([a-z0-9][a-z0-9_-]{0,63})\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\/([^/]+)-[^/]+\.ndjson\.gz$/;

export function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: randomUUID(),
    site_id: 'shop',
    action: 'Page viewed',
    action_type: 'pageview',
    triggered_at: new Date().toISOString(),
    anonymous_id: 'anon-1',
    session_id: 'sess-1',
    page: { url: 'https://shop.example/products', path: '/products', title: 'Products', referrer: '' },
    ...overrides,
  };
}

export function batch(events: unknown[], sentAt = new Date().toISOString()) {
  return { sent_at: sentAt, events };
}

/** Every row of every object under `prefix` (events/ or bad/) of a local-folder lake, with its key. */
export function lakeRows(lakeDir: string, prefix: 'events/' | 'bad/'): { key: string; row: any }[] {
  if (!fs.existsSync(lakeDir)) return [];
  const out: { key: string; row: any }[] = [];
  for (const f of fs.readdirSync(lakeDir, { recursive: true }) as string[]) {
    const key = f.split(path.sep).join('/');
    if (!key.startsWith(prefix) || !key.endsWith('.ndjson.gz')) continue;
    const text = zlib.gunzipSync(fs.readFileSync(path.join(lakeDir, f))).toString('utf8');
    for (const line of text.split('\n')) if (line) out.push({ key, row: JSON.parse(line) });
  }
  return out;
}

/** The value of one sample on /metrics (`name` or `name{labels}`); 0 when absent. */
export async function metricValue(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
  return line ? Number(line.split(' ').pop()) : 0;
}

