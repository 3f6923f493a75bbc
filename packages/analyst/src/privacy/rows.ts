/** Streams the lines of raw lake objects (gzip NDJSON) and writes rewritten ones. */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { Lake } from '../ground/lake/lake';

/** Calls `each` with every line of the object (none when it does not exist). */
export async function eachLine(lake: Lake, key: string, each: (line: string) => void): Promise<void> {
  const body = await lake.get(key);
  if (!body) return;
  const lines = readline.createInterface({ input: body.pipe(zlib.createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line) each(line);
}

/** Writes `lines` as a gzip NDJSON object under `key` (through a temp file in `work`). */
export async function putLines(lake: Lake, key: string, lines: string[], work: string): Promise<void> {
  const file = path.join(work, `rewrite-${path.basename(key)}`);
  await pipeline(
    (async function* () {
      for (const l of lines) yield l + '\n';
    })(),
    zlib.createGzip(),
    fs.createWriteStream(file),
  );
  try {
    await lake.put(key, file);
  } finally {
    await fs.promises.rm(file, { force: true });
  }
}
