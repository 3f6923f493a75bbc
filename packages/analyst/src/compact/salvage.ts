/**
 * The readable part of a raw object DuckDB could not read: decompresses as far as the gzip stream
 * goes (a truncated object keeps the rows before the cut) and keeps the lines that are JSON objects
 * with an event_id. Writes them to `out` (plain NDJSON) and says what was lost.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { counted } from '../ground/output/table';

export interface Salvaged {
  kept: number;
  badLines: number[];
  /** the gzip error, when the stream was cut or corrupt */
  gzipError: string | null;
}

/** most bad line numbers listed in a message */
const MAX_LISTED = 5;

export async function salvage(file: string, out: string): Promise<Salvaged> {
  const gunzip = zlib.createGunzip();
  let gzipError: string | null = null;
  const input = fs.createReadStream(file);
  input.on('error', (err) => gunzip.destroy(err));
  const stream = input.pipe(gunzip);
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  const writer = fs.createWriteStream(out);
  const result: Salvaged = { kept: 0, badLines: [], gzipError: null };
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        row = null;
      }
      if (row && typeof row === 'object' && !Array.isArray(row) && typeof (row as { event_id?: unknown }).event_id === 'string') {
        if (!writer.write(line + '\n')) await new Promise<void>((r) => writer.once('drain', () => r()));
        result.kept++;
      } else {
        result.badLines.push(n);
      }
    }
  } catch (err) {
    gzipError = (err as Error).message;
  }
  await new Promise<void>((resolve, reject) => writer.end((err?: Error | null) => (err ? reject(err) : resolve())));
  result.gzipError = gzipError;
  // a cut stream ends in the middle of a line: that last piece is not a row that was lost whole
  return result;
}

export function describeSalvage(key: string, s: Salvaged): string {
  const parts: string[] = [];
  if (s.gzipError) parts.push(`gzip stream broken (${s.gzipError})`);
  if (s.badLines.length) {
    const listed = s.badLines.slice(0, MAX_LISTED).join(', ') + (s.badLines.length > MAX_LISTED ? ', …' : '');
    parts.push(`${counted(s.badLines.length, 'line')} not a JSON event (line ${listed})`);
  }
  return `${key}: ${parts.join('; ') || 'unreadable'}; kept the ${counted(s.kept, 'readable row')}`;
}
