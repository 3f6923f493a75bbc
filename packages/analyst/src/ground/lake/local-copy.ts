/**
 * Local files for lake objects, for DuckDB to read: the files themselves in a local lake; copies
 * streamed into the work folder (same key layout, so Hive partitions still show) from S3.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Lake } from './lake';
import { LocalLake } from './local';

export async function localFile(lake: Lake, key: string, work: string): Promise<string> {
  if (lake instanceof LocalLake) return lake.fileOf(key);
  const target = path.join(work, 'lake', ...key.split('/'));
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const body = await lake.get(key);
  if (!body) throw new Error(`${lake.describe}${key} disappeared while reading`);
  await pipeline(body, fs.createWriteStream(target));
  return target;
}

/** localFile of `key` when the lake has that object, else null (a file a build keeps, not written yet). */
export async function localFileIfAny(lake: Lake, key: string, work: string): Promise<string | null> {
  if (!(await lake.list(key)).some((o) => o.key === key)) return null;
  return localFile(lake, key, work);
}

/** localFile for many keys, `concurrency` downloads at a time; same order as `keys`. */
export async function localFiles(lake: Lake, keys: string[], work: string, concurrency = 8): Promise<string[]> {
  const out = new Array<string>(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const i = next++;
      out[i] = await localFile(lake, keys[i], work);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, keys.length) }, worker));
  return out;
}
