/**
 * The durable buffer between an HTTP answer and the lake: numbered segment files under SPOOL_DIR.
 * New records go to the active (highest numbered) segment; `append` resolves once they are fsync'd.
 * Concurrent appends share one write + fsync (group commit). `rotate` seals the active segment so the
 * flusher can upload it and `remove` it afterwards. On open, every segment already on disk is sealed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { encodeRecords, type SpoolLine, type SpoolRecord } from './record';
import { readSegment, type SegmentStats } from './segment-reader';
import { legacySegmentSeq, parseSegmentName, segmentName, type SegmentName } from './segment-name';


interface Pending {
  data: Buffer;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class Spool {
  private fd: fs.promises.FileHandle | null = null;
  private seq = 0;
  private activeName = '';
  private activeSize = 0;
  private readonly sealedSizes = new Map<string, number>();
  private pending: Pending[] = [];
  private commitQueued = false;
  private chain: Promise<unknown> = Promise.resolve();

  /** `collectorId` goes into the names of new segments, and from there into the object keys */
  constructor(readonly dir: string, private readonly collectorId = 'collector') {}

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
      this.pending.push({ data: encodeRecords(records), resolve, reject });
      if (!this.commitQueued) {
        this.commitQueued = true;
        void this.serial(() => this.commit());
      }
    });
  }

  /** Seals the active segment if it holds anything, and starts a new one. */
  rotate(): Promise<void> {
    return this.serial(async () => {
      if (this.activeSize === 0 || !this.fd) return;
      await this.fd.close();
      this.sealedSizes.set(this.activeName, this.activeSize);
      await this.startSegment();
    });
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
      if (!this.fd) return;
      await this.fd.close();
      this.fd = null;
      if (this.activeSize === 0) await fs.promises.rm(path.join(this.dir, this.activeName), { force: true });
    });
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.chain.then(op);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async startSegment(): Promise<void> {
    this.seq += 1;
    this.activeName = segmentName(this.seq, this.collectorId);
    this.fd = await fs.promises.open(path.join(this.dir, this.activeName), 'a');
    this.activeSize = 0;
    await syncDir(this.dir);
  }

  /** Writes and fsyncs everything pending as one group; on failure cuts the file back. */
  private async commit(): Promise<void> {
    this.commitQueued = false;
    const group = this.pending;
    this.pending = [];
    if (group.length === 0) return;
    const data = group.length === 1 ? group[0].data : Buffer.concat(group.map((p) => p.data));
    try {
      if (!this.fd) throw new Error('spool is closed');
      let off = 0;
      while (off < data.length) off += (await this.fd.write(data, off, data.length - off)).bytesWritten;
      await this.fd.datasync();
      this.activeSize += data.length;
      for (const p of group) p.resolve();
    } catch (err) {
      await this.fd?.truncate(this.activeSize).catch(() => undefined);
      for (const p of group) p.reject(err);
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  const h = await fs.promises.open(dir, 'r');
  try {
    await h.sync();
  } catch {
    // some file systems cannot fsync a directory; the data files themselves are still synced
  } finally {
    await h.close();
  }
}
