/**
 * Builds one gzip NDJSON object from rows added one at a time, in bounded memory: rows are
 * compressed as they come (in chunks of CHUNK_BYTES) and only the compressed bytes are kept.
 * The compressor is only created once an object holds CHUNK_BYTES: most partitions are small,
 * and each zlib stream costs ~256 KiB, so a segment of thousands of one-row partitions keeps
 * only their rows, compressed in one call each when finished (same bytes as streaming).
 */
import { once } from 'node:events';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const CHUNK_BYTES = 256 * 1024;
const NEWLINE = Buffer.from('\n');
const gzip = promisify(zlib.gzip);

export class GzipObject {
  rows = 0;
  /** uncompressed bytes added so far */
  bytes = 0;
  private gz: zlib.Gzip | null = null;
  private readonly out: Buffer[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** Adds one row (its JSON, without newline). Resolves at once unless zlib asks to slow down. */
  async add(row: Buffer): Promise<void> {
    this.pending.push(row, NEWLINE);
    this.pendingBytes += row.length + 1;
    this.bytes += row.length + 1;
    this.rows++;
    if (this.pendingBytes >= CHUNK_BYTES) await this.push();
  }

  /** Finishes the stream; the whole object. */
  async finish(): Promise<Buffer> {
    if (!this.gz) return gzip(this.takePending());
    await this.push();
    const ended = once(this.gz, 'end');
    this.gz.end();
    await ended;
    return Buffer.concat(this.out);
  }

  /** Frees the compressor of an object that will not be written (its segment is retried later). */
  discard(): void {
    this.gz?.destroy();
    this.pending = [];
    this.pendingBytes = 0;
  }

  private takePending(): Buffer {
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return data;
  }

  private async push(): Promise<void> {
    if (this.pendingBytes === 0) return;
    if (!this.gz) {
      const gz = (this.gz = zlib.createGzip());
      gz.on('data', (chunk: Buffer) => this.out.push(chunk));
    }
    if (!this.gz.write(this.takePending())) await once(this.gz, 'drain');
  }
}
