/**
 * The durable buffer between an HTTP answer and the lake: numbered segment files under SPOOL_DIR.
 * `append` resolves once its records are fsync'd; the flusher uploads sealed segments and
 * `remove`s them afterwards. Read it top-down:
 *
 *   Spool           this file: which segments exist (sealed ones, waiting for the flusher, and one
 *                   active), opening (every segment already on disk is sealed), rotation, removal,
 *                   reading them back, and what a failed write means for the next requests
 *   GroupCommit     appends that arrive during a write + fsync share the next one (group-commit.ts)
 *   ActiveSegment   the file being written, and its recovery when SPOOL_DIR is removed or replaced
 *                   under it: acknowledged bytes are never left in a file no path names
 *                   (active-segment.ts)
 *   segment-file, segment-name, segment-reader, record, line-buffer: file steps, names, reading,
 *                   the line format and its encoding
 *
 * Every file operation (commit, rotate, check, close) runs on one serial chain, so a rotation never
 * cuts a commit in half. When a write fails (ENOSPC) or the folder cannot be recreated, the append
 * rejects (the caller answers 503) and `problem` says why until a later append or `check()` succeeds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ActiveSegment } from './active-segment';
import { GroupCommit } from './group-commit';
import type { SpoolLine, SpoolRecord } from './record';
import { readSegment, type SegmentStats } from './segment-reader';
import { syncDir } from './segment-file';
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

export class Spool {
  private seq = 0;
  private readonly active: ActiveSegment;
  private readonly sealedSizes = new Map<string, number>();
  private readonly group: GroupCommit;
  private failure: { message: string; code?: string; bytes: number } | null = null;
  private readonly collectorId: string;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string, private readonly o: SpoolOptions = {}) {
    this.collectorId = o.collectorId ?? 'collector';
    this.active = new ActiveSegment(dir, {
      nextName: () => segmentName(++this.seq, this.collectorId),
      replaced: (err) => this.o.onError?.('replaced', err),
      forgetMissing: () => this.forgetMissing(),
    });
    this.group = new GroupCommit({
      serial: (op) => this.serial(op),
      commit: (data) => this.commit(data),
      committed: (data, count) => this.tell(data, count),
    });
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
      if (this.active.closed) return;
      await this.active.relink(this.active.size);
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
    await this.active.start();
  }

  /** The sequence, unique part and collector id a segment was named with. */
  segment(name: string): SegmentName {
    const seg = parseSegmentName(name);
    if (!seg) throw new Error(`not a spool segment: ${name}`);
    return seg;
  }

  /** Bytes waiting in the spool (sealed and active). */
  get bytes(): number {
    let total = this.active.size;
    for (const s of this.sealedSizes.values()) total += s;
    return total;
  }

  get activeBytes(): number {
    return this.active.size;
  }

  /** Sealed segment names, oldest first. */
  sealed(): string[] {
    return [...this.sealedSizes.keys()].sort();
  }

  /** Appends records; resolves once they are on disk (fsync'd). */
  append(records: SpoolRecord[]): Promise<void> {
    return this.group.add(records);
  }

  /** Seals the active segment if it holds anything, and starts a new one. */
  rotate(): Promise<void> {
    return this.serial(async () => {
      if (this.active.closed) return;
      const sealed = await this.active.seal();
      if (!sealed) return;
      this.sealedSizes.set(sealed.name, sealed.size);
      await this.active.start();
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
    await this.serial(() => this.active.close());
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.chain.then(op);
    this.chain = run.catch(() => undefined);
    return run;
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

  /** One group's write + fsync (GroupCommit); on failure cuts the file back and remembers why. */
  private async commit(data: Buffer): Promise<void> {
    try {
      if (this.active.closed) throw new Error('spool is closed');
      await this.active.append(data);
      this.failure = null;
    } catch (err) {
      await this.active.truncate();
      const e = err as NodeJS.ErrnoException;
      this.failure = { message: `spool ${this.dir} not writable: ${e.code ?? ''} ${e.message}`.replace(/\s+/g, ' '), code: e.code, bytes: data.length };
      this.o.onError?.('write', err);
      throw err;
    }
  }
}
