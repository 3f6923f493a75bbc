/**
 * The records of a CSV file, streamed (csv-parse: RFC 4180, quoted fields may hold commas and line
 * breaks) with the line of the file each one starts on, so a bad line is reported by the number an
 * editor shows (the `Parameters:` row of Google's template is line 1). The file is read in chunks:
 * memory stays bounded whatever its size.
 *
 * Quotes inside an unquoted field are taken as text (`relax_quotes`): a stray `"` is one bad value,
 * not a parse error. A quote that opens and never closes swallows the lines after it, as in every
 * CSV reader; ACTIONLAKE_IMPORT_MAX_RECORD_BYTES bounds that, and the import stops with an error
 * naming the line (the rows before it are in the lake; a rerun of the fixed file adds only the rest).
 */
import fs from 'node:fs';
import { parse } from 'csv-parse';
import { UserError } from '../ground/errors';

export interface CsvRecord {
  fields: string[];
  /** the line of the file it starts on (1-based) */
  line: number;
}

export interface ReadOptions {
  /** the longest record taken (bytes) */
  maxRecordBytes: number;
  /** the first line to parse (2: the Parameters row was read apart, so it sets no record width) */
  fromLine?: number;
  /** the bytes read so far, for progress */
  onBytes?: (bytes: number) => void;
}

/** the default of ACTIONLAKE_IMPORT_MAX_RECORD_BYTES: a contact with long traits fits, a runaway quote does not */
export const DEFAULT_MAX_RECORD_BYTES = 1 << 20;

/** records held before the parser is paused */
const QUEUE = 1024;

type Parsed = { record: string[]; info: { lines: number; empty_lines: number } };

export async function* readRecords(file: string, o: ReadOptions): AsyncGenerator<CsvRecord> {
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  let read = 0;
  if (o.onBytes) input.on('data', (chunk) => o.onBytes!((read += chunk.length)));
  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: o.maxRecordBytes,
    from_line: o.fromLine ?? 1,
  });
  // records are taken from a queue, not by `for await` on the parser: an error then comes after
  // every record parsed before it (for await would drop those still buffered)
  const queue: Parsed[] = [];
  let failure: (Error & { code?: string }) | null = null;
  let done = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  parser.on('data', (p: Parsed) => {
    queue.push(p);
    if (queue.length >= QUEUE) parser.pause();
    notify();
  });
  parser.on('end', () => {
    done = true;
    notify();
  });
  parser.on('error', (err) => {
    failure = err;
    done = true;
    notify();
  });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  let ended = (o.fromLine ?? 1) - 1;
  let empty = 0;
  try {
    for (;;) {
      const p = queue.shift();
      if (p) {
        if (queue.length < QUEUE / 2 && parser.isPaused()) parser.resume();
        const line = ended + 1 + (p.info.empty_lines - empty);
        ended = p.info.lines;
        empty = p.info.empty_lines;
        yield { fields: p.record, line };
        continue;
      }
      if (done) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    input.destroy();
  }
  const e = failure as (Error & { code?: string }) | null;
  if (!e) return;
  if (e.code === 'ENOENT' || e.code === 'EISDIR' || e.code === 'EACCES') throw new UserError(`cannot read ${file}: ${e.code}`, 2);
  if (e.code === 'CSV_MAX_RECORD_SIZE') {
    throw new UserError(`${file} line ${ended + 1}: a record longer than ${o.maxRecordBytes} bytes (ACTIONLAKE_IMPORT_MAX_RECORD_BYTES) — a quote that is never closed? The lines before it are imported.`);
  }
  if (e.code?.startsWith('CSV_')) throw new UserError(`${file} line ${ended + 1}: ${e.message.replace(/ at line \d+.*$/, '')}. The lines before it are imported.`);
  throw e;
}

/** The file's first line (without a byte-order mark or line break), read apart from the records. */
export async function firstLine(file: string): Promise<string> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const text = buf.toString('utf8', 0, bytesRead).replace(/^\uFEFF/, '');
    const end = text.search(/\r?\n/);
    return end < 0 ? text : text.slice(0, end);
  } finally {
    await fh.close();
  }
}
