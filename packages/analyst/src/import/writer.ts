/**
 * Writes an import's rows into the raw lake as the collector does (contract §5): gzip NDJSON under
 * `events/site_id=<site>/dt=<day>/hour=<HH>/`, partitioned by the row's `received_at` — which for an
 * import is when the file was written (its modification time; a row's own later time, if any), not
 * the clock of the run: the same file then lands in the same partition every time, and a file of a
 * year of conversions is a few objects, not one per hour of the year. Objects are named by their content
 * (`import_<source>-<sha256 of the NDJSON>.ndjson.gz`), and one that is already in the lake is not
 * written again: importing a file twice adds no object and no row. (Rows are also the same event
 * ids, so a file that overlaps an earlier one leaves duplicates only until `actionlake compact`,
 * which keeps one row per event_id; a line repeated within the rows held is written once.)
 *
 * Memory is bounded: rows wait in their hour's buffer until ACTIONLAKE_IMPORT_OBJECT_ROWS of them
 * are held in all buffers, then every buffer becomes an object. The lake is a local folder or S3
 * (the ground's Lake: a local object is written to a temp file and renamed, an S3 object is one
 * PutObject), so readers never see a part of an object.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { LakeRow } from '@actionlake/schema';
import { appRowText, hashId, hourOf, objectKey } from '@actionlake/schema/node';
import type { Lake } from '../ground/lake/lake';

const gzip = promisify(zlib.gzip);

/** the default of ACTIONLAKE_IMPORT_OBJECT_ROWS: ~15 MB of rows held (peak RSS ~250 MB: bench/README.md), objects of ~1 MB gzip */
export const DEFAULT_OBJECT_ROWS = 20_000;

export interface WriterStats {
  rows: number;
  /** rows dropped because an id of theirs is on the site's suppression list (an erased person) */
  suppressed: number;
  objects: number;
  /** objects already in the lake (an earlier import of the same rows) */
  existing: number;
}

export class ImportWriter {
  private readonly parts = new Map<string, string[]>();
  /** the event ids held: a line repeated within the rows held is written once */
  private readonly ids = new Set<string>();
  private held = 0;
  readonly stats: WriterStats = { rows: 0, suppressed: 0, objects: 0, existing: 0 };

  constructor(
    private readonly lake: Lake,
    private readonly site: string,
    /** `import_<source id>`: the object names' prefix and the rows' collector_id */
    private readonly writerId: string,
    private readonly objectRows: number,
    /** the site's suppression list (hashes), empty when none */
    private readonly suppressed: ReadonlySet<string>,
  ) {}

  async add(row: LakeRow): Promise<void> {
    if (this.suppressed.size && this.isSuppressed(row)) {
      this.stats.suppressed++;
      return;
    }
    if (this.ids.has(row.event_id)) return;
    this.ids.add(row.event_id);
    const hour = hourOf(row.received_at);
    let lines = this.parts.get(hour);
    if (!lines) this.parts.set(hour, (lines = []));
    lines.push(appRowText(row));
    this.stats.rows++;
    if (++this.held >= this.objectRows) await this.flush();
  }

  /** Every held row into objects (called when the buffers are full, and at the end). */
  async flush(): Promise<void> {
    const parts = [...this.parts].sort(([a], [b]) => (a < b ? -1 : 1));
    this.parts.clear();
    this.ids.clear();
    this.held = 0;
    for (const [hour, lines] of parts) await this.write(hour, lines);
  }

  private async write(hour: string, lines: string[]): Promise<void> {
    const text = lines.join('\n') + '\n';
    const name = createHash('sha256').update(text).digest('hex').slice(0, 32);
    const key = objectKey('events', this.site, hour, this.writerId, name);
    if ((await this.lake.list(key)).some((o) => o.key === key)) {
      this.stats.existing++;
      return;
    }
    await this.lake.putBytes(key, await gzip(text));
    this.stats.objects++;
  }

  private isSuppressed(row: LakeRow): boolean {
    return (typeof row.user_id === 'string' && this.suppressed.has(hashId(row.user_id)))
      || (typeof row.anonymous_id === 'string' && this.suppressed.has(hashId(row.anonymous_id)))
      || (typeof row.email_sha256 === 'string' && this.suppressed.has(hashId(row.email_sha256)));
  }
}
