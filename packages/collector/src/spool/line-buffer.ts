/**
 * The records waiting for the next group commit, encoded (record.ts's line format) straight into a
 * reused buffer. Building one string per append and converting it with Buffer.from flattened and
 * encoded a two-byte rope and made a new 100 KB ArrayBuffer per request (a fifth of the ingest
 * thread's time, and the external memory that the garbage collector only frees in bulk). Here each
 * line's parts are written into place, and the spool hands the buffer back after its write + fsync,
 * so in steady state two buffers take turns.
 */
import { hourOf } from '@actionlake/schema/node';
import { grown } from './grown-buffer';
import type { SpoolRecord } from './record';

/** The first size of a buffer; a group larger than this grows it. */
const INITIAL_BYTES = 1 << 20;
/** the largest buffer kept for the next groups once written (a larger one serves its commit only) */
const KEPT_MAX_BYTES = 16 << 20;
/** most UTF-8 bytes one UTF-16 code unit can take */
const MAX_BYTES_PER_UNIT = 3;
const NEWLINE = 0x0a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;

export class LineBuffer {
  private buf: Buffer = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  private spare: Buffer | null = null;
  private used = 0;
  /** records added since the last take() */
  records = 0;
  /** received_at is the same for every row of a request: its hour is computed once */
  private lastReceivedAt = '';
  private lastHour = '';

  /** Bytes added since the last take(). */
  get length(): number {
    return this.used;
  }

  /** Encodes `records` at the end; on an error none of them is kept. */
  add(records: readonly SpoolRecord[]): void {
    const start = this.used;
    try {
      for (const rec of records) {
        const head = `${rec.k}\t${rec.s}\t${this.hour(rec.r.received_at)}\t${rec.k === 'e' ? rec.r.event_id : ''}\t`;
        const parts = rec.k === 'e' ? rec.m : undefined;
        if (parts) {
          this.writeParts(head, parts);
          continue;
        }
        const json = JSON.stringify(rec.r);
        this.reserve(MAX_BYTES_PER_UNIT * (head.length + json.length) + 1);
        this.used += this.buf.write(head, this.used);
        this.used += this.buf.write(json, this.used);
        this.buf[this.used++] = NEWLINE;
      }
    } catch (err) {
      this.used = start;
      throw err;
    }
    this.records += records.length;
  }

  /** Everything added so far, to write; the bytes stay the caller's until release(). */
  take(): Buffer {
    const data = this.buf.subarray(0, this.used);
    this.buf = this.spare ?? Buffer.allocUnsafeSlow(INITIAL_BYTES);
    this.spare = null;
    this.used = 0;
    this.records = 0;
    return data;
  }

  /**
   * Gives back what take() returned, once written: its buffer is used again, also one grown for a
   * large group (up to KEPT_MAX_BYTES): under load every group outgrew the first size, and a new
   * buffer per commit, counted as external memory, made V8 mark the whole heap every 64 MB.
   */
  release(data: Buffer): void {
    const size = data.buffer.byteLength;
    if (size >= INITIAL_BYTES && size <= KEPT_MAX_BYTES && data.byteOffset === 0 && this.spare === null) {
      this.spare = Buffer.from(data.buffer, 0, size);
    }
  }

  /** A row given as its members' text (SpoolRecord's `m`): `{` + the non-empty parts joined by `,` + `}`. */
  private writeParts(head: string, parts: readonly (Buffer | string)[]): void {
    let bytes = MAX_BYTES_PER_UNIT * head.length + parts.length + 2;
    for (const p of parts) bytes += typeof p === 'string' ? MAX_BYTES_PER_UNIT * p.length : p.length;
    this.reserve(bytes);
    const buf = this.buf;
    let used = this.used + buf.write(head, this.used);
    buf[used++] = OPEN_OBJECT;
    let first = true;
    for (const p of parts) {
      if (p.length === 0) continue;
      if (!first) buf[used++] = COMMA;
      first = false;
      if (typeof p === 'string') used += buf.write(p, used);
      else {
        // TypedArray#set: Buffer#copy's argument checks cost more than the copy of a few hundred bytes
        buf.set(p, used);
        used += p.length;
      }
    }
    buf[used++] = CLOSE_OBJECT;
    buf[used++] = NEWLINE;
    this.used = used;
  }

  private hour(receivedAt: string): string {
    if (receivedAt !== this.lastReceivedAt) {
      this.lastHour = hourOf(receivedAt);
      this.lastReceivedAt = receivedAt;
    }
    return this.lastHour;
  }

  private reserve(bytes: number): void {
    if (this.used + bytes > this.buf.length) this.buf = grown(this.buf, this.used, this.used + bytes);
  }
}
