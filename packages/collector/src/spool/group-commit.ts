/**
 * Group commit: the appends that arrive while a write + fsync is under way wait for the next one,
 * and share it. An fsync costs about as much for one line as for a thousand, so under load a
 * request waits for at most two fsyncs, not for one per request in flight before it.
 *
 * The records are encoded as they arrive into a reused LineBuffer; the commit itself (the write,
 * the fsync, what a failure means) is the spool's, handed in as `commit`, and runs on the spool's
 * serial chain with its other file operations.
 */
import { LineBuffer } from './line-buffer';
import type { SpoolRecord } from './record';

interface Waiting {
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitSteps {
  /** runs `op` after the spool's file operations already queued (rotate, check, close) */
  serial(op: () => Promise<void>): Promise<void>;
  /** writes and fsyncs one group's lines; rejects when they are not durable */
  commit(data: Buffer, count: number): Promise<void>;
  /** told each durable group, once its appends are answered (the buffer is reused after) */
  committed(data: Buffer, count: number): void;
}

export class GroupCommit {
  private waiting: Waiting[] = [];
  private readonly encoded = new LineBuffer();
  private queued = false;

  constructor(private readonly steps: GroupCommitSteps) {}

  /** Resolves once the records are durable, with the others of their group. */
  add(records: SpoolRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.encoded.add(records);
      this.waiting.push({ resolve, reject });
      if (!this.queued) {
        this.queued = true;
        void this.steps.serial(() => this.flush());
      }
    });
  }

  /** One commit of everything waiting: every append of the group is answered by its outcome. */
  private async flush(): Promise<void> {
    this.queued = false;
    const group = this.waiting;
    this.waiting = [];
    if (group.length === 0) return;
    const count = this.encoded.records;
    const data = this.encoded.take();
    try {
      await this.steps.commit(data, count);
      for (const w of group) w.resolve();
      this.steps.committed(data, count);
    } catch (err) {
      for (const w of group) w.reject(err);
    } finally {
      this.encoded.release(data);
    }
  }
}
