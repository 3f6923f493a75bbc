/**
 * Builds one gzip NDJSON object from rows added one at a time, in bounded memory: rows are
 * compressed as they come (in chunks of CHUNK_BYTES) and only the compressed bytes are kept.
 */
import { once } from 'node:events';
import zlib from 'node:zlib';

const CHUNK_BYTES = 256 * 1024;
const NEWLINE = Buffer.from('\n');

export class GzipObject {
  rows = 0;
  private readonly gz = zlib.createGzip();
  private readonly out: Buffer[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor() {
    this.gz.on('data', (chunk: Buffer) => this.out.push(chunk));
  }

  /** Adds one row (its JSON, without newline). Resolves at once unless zlib asks to slow down. */
  async add(row: Buffer): Promise<void> {
    this.pending.push(row, NEWLINE);
    this.pendingBytes += row.length + 1;
    this.rows++;
    if (this.pendingBytes >= CHUNK_BYTES) await this.push();
  }

  /** Finishes the stream; the whole object. */
  async finish(): Promise<Buffer> {
    await this.push();
    const ended = once(this.gz, 'end');
    this.gz.end();
    await ended;
    return Buffer.concat(this.out);
  }

  /** Frees the compressor of an object that will not be written (its segment is retried later). */
  discard(): void {
    this.gz.destroy();
  }

  private async push(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.gz.write(data)) await once(this.gz, 'drain');
  }
}
