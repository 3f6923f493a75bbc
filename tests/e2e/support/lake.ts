import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Whether `file` is a regular file now (the collector may rename or remove it meanwhile). */
function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Relative paths of every file below `dir` (the local-folder lake), temp files included. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => isFile(path.join(dir, f)))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** Every row of every `.ndjson.gz` object below `dir`, with the key it came from. */
export function readLocalRows(dir: string, prefix = 'events/'): { key: string; row: any }[] {
  const rows: { key: string; row: any }[] = [];
  for (const key of listFiles(dir)) {
    if (!key.startsWith(prefix) || !key.endsWith('.ndjson.gz')) continue; // not the collector's *.tmp
    const text = zlib.gunzipSync(fs.readFileSync(path.join(dir, key))).toString('utf8');
    for (const line of text.split('\n')) if (line) rows.push({ key, row: JSON.parse(line) });
  }
  return rows;
}

/** Contract §5: events/site_id=<site>/dt=<YYYY-MM-DD>/hour=<HH>/<collector_id>-<...>.ndjson.gz */
export const EVENTS_KEY = /^events\/site_id=([a-z0-9][a-z0-9_-]{0,63})\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\/([^/]+)-[^/]+\.ndjson\.gz$/;

/** The partition a row must be in: UTC date and hour of its received_at. */
export function partitionOf(row: { site_id: string; received_at: string }): string {
  const iso = new Date(row.received_at).toISOString();
  return `events/site_id=${row.site_id}/dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}/`;
}
