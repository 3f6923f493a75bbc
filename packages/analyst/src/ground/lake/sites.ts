/**
 * The sites of a lake: those with raw events or a tables/events part; `--site` must be one of them,
 * unless the command writes a site's first rows (`mayBeNew`: import), which checks it itself.
 */
import { rawPrefix, siteOfFolder, tablePrefix } from '@actionlake/schema/node';
import { UserError } from '../errors';
import type { Lake } from './lake';

export async function resolveSites(lake: Lake, site: string | undefined, mayBeNew = false): Promise<string[]> {
  const found = new Set<string>();
  for (const prefix of [rawPrefix('events'), tablePrefix('events')]) {
    for (const f of await lake.folders(prefix)) {
      const s = siteOfFolder(f);
      if (s !== null) found.add(s);
    }
  }
  if (site === undefined) return [...found].sort();
  if (mayBeNew) return [site];
  if (!found.has(site)) {
    const known = [...found].sort().join(', ') || 'none';
    throw new UserError(`unknown site "${site}": the lake ${lake.describe} has no events for it (sites: ${known})`);
  }
  return [site];
}
