import fs from 'node:fs';
import path from 'node:path';
import { EVENTS_KEY, lakeRows } from '../../../packages/collector/test/support/fixtures';

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

/** Every row of the local-folder lake under `prefix`, with the key it came from. */
export const readLocalRows = (dir: string, prefix: 'events/' | 'bad/' = 'events/') => lakeRows(dir, prefix);

export { EVENTS_KEY };

/** The partition a row must be in: UTC date and hour of its received_at. */
export function partitionOf(row: { site_id: string; received_at: string }): string {
  const iso = new Date(row.received_at).toISOString();
  return `events/site_id=${row.site_id}/dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}/`;
}
