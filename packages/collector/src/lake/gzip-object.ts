/**
 * Builds one gzip NDJSON object from rows added one at a time, in bounded memory: rows are copied
 * into a staging buffer and compressed as it fills (CHUNK_BYTES), and only the compressed bytes are
 * kept. The staging buffer starts small and grows, and the compressor is only created once an
 * object holds CHUNK_BYTES: most partitions are small, and each zlib stream costs ~256 KiB, so a
 * segment of thousands of one-row partitions keeps only their rows, compressed in one call each
 * when finished (same bytes as streaming).
 */
import { once } from 'node:events';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { grown } from '../spool/grown-buffer';

const CHUNK_BYTES = 256 * 1024;
const FIRST_STAGING_BYTES = 4 * 1024;
const NEWLINE = 0x0a;
const gzip = promisify(zlib.gzip);

export class GzipObject {
  rows = 0;
  /** uncompressed bytes added so far */
  bytes = 0;
  private gz: zlib.Gzip | null = null;
  private readonly out: Buffer[] = [];
  private staging: Buffer | null = null;
  private staged = 0;
  /** a staging buffer zlib is done with, for the next chunk (a new one per chunk was 2 bytes allocated per byte of rows) */
  private free: Buffer | null = null;

  constructor(private readonly level: number = zlib.constants.Z_DEFAULT_COMPRESSION) {}

  /**
   * Adds one row: `src[start, end)`, its JSON without newline (copied: `src` may be reused).
   * Returns a promise only when zlib asks to slow down.
   */
  add(src: Buffer, start = 0, end = src.length): Promise<void> | undefined {
    const n = end - start + 1;
    this.reserve(n);
    src.copy(this.staging!, this.staged, start, end);
    this.staged += n;
    this.staging![this.staged - 1] = NEWLINE;
    this.bytes += n;
    this.rows++;
    return this.staged >= CHUNK_BYTES ? this.push() : undefined;
  }

  /** Finishes the stream; the whole object. */
  async finish(): Promise<Buffer> {
    if (!this.gz) return gzip(this.takeStaged(), { level: this.level });
    await this.push();
    const ended = once(this.gz, 'end');
    this.gz.end();
    await ended;
    return Buffer.concat(this.out);
  }

  /** Frees the compressor of an object that will not be written (its segment is retried later). */
  discard(): void {
    this.gz?.destroy();
    this.staging = null;
    this.free = null;
    this.staged = 0;
  }

  private reserve(n: number): void {
    if (this.staged + n <= (this.staging?.length ?? 0)) return;
    if (!this.staging && this.free && this.free.length >= n) {
      this.staging = this.free;
      this.free = null;
      return;
    }
    // an object that has filled a chunk once will fill the next: start it at full size
    this.staging = grown(this.staging, this.staged, this.staged + n, this.gz ? 2 * CHUNK_BYTES : FIRST_STAGING_BYTES);
  }

  /** The staged rows (the staging buffer starts again). */
  private takeStaged(): Buffer {
    const data = this.staging ? this.staging.subarray(0, this.staged) : Buffer.alloc(0);
    this.staging = null;
    this.staged = 0;
    return data;
  }

  private async push(): Promise<void> {
    if (this.staged === 0) return;
    if (!this.gz) {
      const gz = (this.gz = zlib.createGzip({ level: this.level }));
      gz.on('data', (chunk: Buffer) => this.out.push(chunk));
    }
    const buffer = this.staging!;
    // once zlib has read a chunk, its buffer stages the next one
    if (!this.gz.write(this.takeStaged(), () => (this.free = buffer))) await once(this.gz, 'drain');
  }
}
