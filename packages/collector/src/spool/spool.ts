/**
 * The durable buffer between an HTTP answer and the lake: numbered segment files under SPOOL_DIR.
 * New records go to the active (highest numbered) segment; `append` resolves once they are fsync'd.
 * Concurrent appends share one write + fsync (group commit). `rotate` seals the active segment so the
 * flusher can upload it and `remove` it afterwards. On open, every segment already on disk is sealed.
 *
 * An append is acknowledged only when its bytes are fsync'd in the file that SPOOL_DIR still
 * names: after each fsync the path is checked against the open file. When the folder or the file
 * was removed or replaced meanwhile, the folder is recreated and the active segment's bytes (still
 * readable through the open file) are copied into a new segment before anyone is answered; when
 * that is impossible, or a write fails (ENOSPC), the append rejects (the caller answers 503) and
 * `problem` says why until a later append or `check()` succeeds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LineBuffer } from './line-buffer';
import type { SpoolLine, SpoolRecord } from './record';
import { readSegment, type SegmentStats } from './segment-reader';
import { copyPrefix, createSegmentFile, syncDir, type FileId } from './segment-file';
import { legacySegmentSeq, parseSegmentName, segmentName, type SegmentName } from './segment-name';

/** Why the spool reported an error: the label of actionlake_spool_errors_total. */
export type SpoolErrorKind = 'write' | 'replaced' | 'lost' | 'listener';

export interface SpoolOptions {
  /** goes into the names of new segments, and from there into the object keys (default 'collector') */
  collectorId?: string;
  /** told about every problem: a failed write, the folder replaced (and recovered), segments lost */
  onError?: (kind: SpoolErrorKind, err: unknown) => void;
  /**
   * Given the lines of each commit (and how many) once they are durable (the live view), valid only during the
   * call: the buffer is reused. Must not wait; what it throws is reported as `listener` and does
   * not touch the commit.
   */
  onCommitted?: (lines: Buffer, count: number) => void;
}

/** After ENOSPC, the spool counts as writable again once this much more than the failed write is free. */
const FREE_MARGIN_BYTES = 64 * 1024;


interface Pending {
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class Spool {
  private fd: fs.promises.FileHandle | null = null;
  private seq = 0;
  private activeName = '';
  /** identity of the active segment's file, to notice when its path names another file (or none) */
  private activeId: FileId = { dev: 0, ino: 0 };
  private failure: { message: string; code?: string; bytes: number } | null = null;
  private readonly collectorId: string;
  private activeSize = 0;
  private readonly sealedSizes = new Map<string, number>();
  /** the appends waiting for the next group commit, and their encoded records */
  private pending: Pending[] = [];
  private readonly encoded = new LineBuffer();
  private commitQueued = false;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string, private readonly o: SpoolOptions = {}) {
    this.collectorId = o.collectorId ?? 'collector';
  }

  /** Why appends fail right now (folder gone and not recreatable, disk full, ...), or null. */
  get problem(): string | null {
    return this.failure?.message ?? null;
  }

  /**
   * Readiness: recreates a removed folder, and after a failed write, checks whether the disk has
   * room again. Rejects with the reason while appends would fail.
   */
  check(): Promise<void> {
    return this.serial(async () => {
      if (this.fd === null && this.activeName === '') return; // closed
      await this.ensureActive(this.activeSize);
      if (this.failure?.code === 'ENOSPC') {
        const fsStat = await fs.promises.statfs(this.dir);
        if (fsStat.bavail * fsStat.bsize < this.failure.bytes + FREE_MARGIN_BYTES) throw new Error(this.failure.message);
      }
      this.failure = null;
    });
  }

  /** Opens the spool: existing segments become sealed, a fresh active segment is started. */
  async open(): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    for (let f of await fs.promises.readdir(this.dir)) {
      const legacy = legacySegmentSeq(f);
      if (legacy !== null) {
        // named by an earlier version: give it a name now, so every upload of it writes the same keys
        const named = segmentName(legacy, this.collectorId);
        await fs.promises.rename(path.join(this.dir, f), path.join(this.dir, named));
        f = named;
      }
      const seg = parseSegmentName(f);
      if (!seg) continue;
      this.seq = Math.max(this.seq, seg.seq);
      this.sealedSizes.set(f, (await fs.promises.stat(path.join(this.dir, f))).size);
    }
    await syncDir(this.dir);
    await this.startSegment();
  }

  /** The sequence, unique part and collector id a segment was named with. */
  segment(name: string): SegmentName {
    const seg = parseSegmentName(name);
    if (!seg) throw new Error(`not a spool segment: ${name}`);
    return seg;
  }

  /** Bytes waiting in the spool (sealed and active). */
  get bytes(): number {
    let total = this.activeSize;
    for (const s of this.sealedSizes.values()) total += s;
    return total;
  }

  get activeBytes(): number {
    return this.activeSize;
  }

  /** Sealed segment names, oldest first. */
  sealed(): string[] {
    return [...this.sealedSizes.keys()].sort();
  }

  /** Appends records; resolves once they are on disk (fsync'd). */
  append(records: SpoolRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.encoded.add(records);
      this.pending.push({ resolve, reject });
      if (!this.commitQueued) {
        this.commitQueued = true;
        void this.serial(() => this.commit());
      }
    });
  }

  /** Seals the active segment if it holds anything, and starts a new one. */
  rotate(): Promise<void> {
    return this.serial(async () => {
      if (this.fd === null && this.activeName === '') return; // closed
      await this.ensureActive(this.activeSize);
      if (this.activeSize === 0 || !this.fd) return;
      const fd = this.fd;
      this.fd = null;
      await fd.close();
      this.sealedSizes.set(this.activeName, this.activeSize);
      this.activeSize = 0;
      await this.startSegment();
    });
  }

  /** The path of a segment. */
  file(segment: string): string {
    return path.join(this.dir, segment);
  }

  /** The records of a sealed segment, streamed; `stats` receives torn and corrupt line counts. */
  lines(segment: string, stats?: SegmentStats): AsyncGenerator<SpoolLine> {
    return readSegment(path.join(this.dir, segment), stats);
  }

  /** Every record in the sealed segments (used once on start, to rebuild the dedup window). */
  async *sealedLines(): AsyncGenerator<SpoolLine> {
    for (const seg of this.sealed()) yield* this.lines(seg);
  }

  /** Deletes a sealed segment whose records are safely in the lake. */
  async remove(segment: string): Promise<void> {
    await fs.promises.rm(path.join(this.dir, segment), { force: true });
    this.sealedSizes.delete(segment);
  }

  /** Closes the active segment (and deletes it if it holds nothing). */
  async close(): Promise<void> {
    await this.serial(async () => {
      const fd = this.fd;
      this.fd = null;
      if (!fd) return;
      await fd.close();
      if (this.activeSize === 0) await fs.promises.rm(path.join(this.dir, this.activeName), { force: true });
      this.activeName = '';
    });
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.chain.then(op);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async startSegment(): Promise<void> {
    const seg = await this.openSegment();
    this.fd = seg.fd;
    this.activeName = seg.name;
    this.activeId = seg.id;
    this.activeSize = 0;
  }

  /** Creates the next segment file (and makes its name durable). */
  private async openSegment(): Promise<{ fd: fs.promises.FileHandle; name: string; id: FileId }> {
    this.seq += 1;
    const name = segmentName(this.seq, this.collectorId);
    return { name, ...(await createSegmentFile(this.dir, name)) };
  }

  /** Whether SPOOL_DIR/<active segment> is still the file we write to. */
  private async linked(): Promise<boolean> {
    const st = await fs.promises.stat(path.join(this.dir, this.activeName)).catch(() => null);
    return st !== null && st.ino === this.activeId.ino && st.dev === this.activeId.dev;
  }

  /**
   * Makes sure there is an open active segment that SPOOL_DIR still names. When the folder or the
   * file was removed or replaced, recreates the folder, starts a new segment and copies the first
   * `size` bytes of the orphaned one into it (fsync'd), so nothing acknowledged or about to be is
   * lost; forgets sealed segments that went with the folder. Throws when that cannot be done.
   */
  private async ensureActive(size: number): Promise<void> {
    if (this.fd && (await this.linked())) return;
    const orphan = this.fd;
    if (orphan) this.o.onError?.('replaced', new Error(`${path.join(this.dir, this.activeName)} was removed or replaced; recreating it`));
    await fs.promises.mkdir(this.dir, { recursive: true });
    await syncDir(path.dirname(this.dir));
    await this.forgetMissing();
    if (!orphan) return this.startSegment();
    const next = await this.openSegment();
    try {
      await copyPrefix(orphan, next.fd, size);
    } catch (err) {
      await next.fd.close().catch(() => undefined);
      await fs.promises.rm(path.join(this.dir, next.name), { force: true });
      throw err; // the orphan stays the active segment: the next append tries again
    }
    await orphan.close().catch(() => undefined);
    this.fd = next.fd;
    this.activeName = next.name;
    this.activeId = next.id;
    this.activeSize = size;
  }

  /** Drops sealed segments that are no longer on disk (removed with the folder): their rows are lost. */
  async forgetMissing(): Promise<number> {
    let lost = 0;
    for (const seg of [...this.sealedSizes.keys()]) {
      const exists = await fs.promises.access(path.join(this.dir, seg)).then(() => true, () => false);
      if (exists) continue;
      this.sealedSizes.delete(seg);
      lost++;
      this.o.onError?.('lost', new Error(`sealed spool segment ${seg} was removed before it reached the lake`));
    }
    return lost;
  }

  /** Hands a durable commit's lines to onCommitted, which can never turn it into a failed write. */
  private tell(data: Buffer, count: number): void {
    try {
      this.o.onCommitted?.(data, count);
    } catch (err) {
      this.o.onError?.('listener', err);
    }
  }

  /** Writes and fsyncs everything pending as one group; on failure cuts the file back. */
  private async commit(): Promise<void> {
    this.commitQueued = false;
    const group = this.pending;
    this.pending = [];
    if (group.length === 0) return;
    const count = this.encoded.records;
    const data = this.encoded.take();
    try {
      if (this.fd === null && this.activeName === '') throw new Error('spool is closed');
      if (!this.fd) await this.ensureActive(0); // a rotation could not start the next segment
      const fd = this.fd!;
      let off = 0;
      while (off < data.length) off += (await fd.write(data, off, data.length - off)).bytesWritten;
      await fd.datasync();
      // durable only if the folder still names the file: else move everything to a recreated one
      const size = this.activeSize + data.length;
      await this.ensureActive(size);
      this.activeSize = size;
      this.failure = null;
      for (const p of group) p.resolve();
      this.tell(data, count);
    } catch (err) {
      await this.fd?.truncate(this.activeSize).catch(() => undefined);
      const e = err as NodeJS.ErrnoException;
      this.failure = { message: `spool ${this.dir} not writable: ${e.code ?? ''} ${e.message}`.replace(/\s+/g, ' '), code: e.code, bytes: data.length };
      this.o.onError?.('write', err);
      for (const p of group) p.reject(err);
    } finally {
      this.encoded.release(data);
    }
  }
}
