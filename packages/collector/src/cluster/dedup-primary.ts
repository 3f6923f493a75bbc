/**
 * The one dedup window of a collector with WORKERS > 1, kept by the primary, so that the lake holds
 * each event once whichever worker a page's retry reaches.
 *
 * It is asked once per spool segment, when a worker's flusher is about to write the segment to the
 * lake (dedup-worker.ts), not once per request: the segment's ids are claimed for it, and the answer
 * is the ids another segment claimed first (or the lake already holds), which the flusher leaves
 * out. Claiming at request time cost a round trip per batch through this process, which on a busy
 * machine took 10 – 20 % of the collector's throughput (bench/README.md, issue 23 item 2); a segment
 * holds a second of traffic or more, so the same work is one message per flush. Each worker still
 * drops the repeats it sees itself as they arrive (its own window, ingest/dedup-claims.ts); a
 * repeat that reaches the other worker is acknowledged, spooled there, and left out at its flush.
 *
 * Every claimed segment is already durable in its worker's spool, so the first claim wins for good:
 * an id claimed by segment S stays *pending* for S (its owner, `<worker index>/<segment name>`)
 * until S's worker says all its objects are stored; then it is seen. A flush of S that failed, or a
 * replacement worker that flushes the dead one's S again (same folder, same name), claims the same
 * ids for the same owner and keeps them. A pending id is never written to the window file, so a
 * restart of the whole collector forgets the claim and the segment claims again. A worker that
 * starts says which segments its spool still holds: a pending claim of a segment no longer there was
 * stored (its "stored" message lost with the worker) and becomes seen.
 *
 * The window lives in SPOOL_DIR/dedup-window.txt (the same file a one-process run uses), saved after
 * each stored segment (saves coalesce) and on shutdown.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ClaimLedger } from '../ingest/dedup-claims';
import { loadDedupWindow, saveDedupWindow } from '../ingest/dedup-file';

export interface PrimaryDedupOptions {
  capacity: number;
  spoolDir: string;
}

/** an event id's length: the schema's event_id is a UUID */
const ID_LENGTH = 36;

const ownerOf = (index: number, segment: string): string => `${index}/${segment}`;

export class PrimaryDedup {
  private readonly ledger: ClaimLedger<string>;
  /** owners (segments) with ids claimed new, until their segment is stored */
  private readonly pending = new Set<string>();
  private readonly file: string;
  private legacy: string[] = [];
  private saving: Promise<void> | null = null;
  private saveAgain = false;

  constructor(private readonly o: PrimaryDedupOptions) {
    this.ledger = new ClaimLedger(o.capacity);
    this.file = path.join(o.spoolDir, 'dedup-window.txt');
  }

  /** Reads the saved window, and those an earlier version kept per worker (SPOOL_DIR/worker-<i>/). */
  async load(): Promise<number> {
    let n = await loadDedupWindow(this.file, this.ledger.window);
    for (const d of fs.existsSync(this.o.spoolDir) ? fs.readdirSync(this.o.spoolDir) : []) {
      const f = path.join(this.o.spoolDir, d, 'dedup-window.txt');
      if (/^worker-\d+$/.test(d) && fs.existsSync(f)) {
        n += await loadDedupWindow(f, this.ledger.window);
        this.legacy.push(f);
      }
    }
    return n;
  }

  /**
   * Worker `index` is about to write `segment`: claims its ids (`ids`: the segment's UUIDs one after
   * another, 36 characters each, read in place), answers those it must leave out.
   */
  claim(index: number, segment: string, ids: string): string[] {
    const owner = ownerOf(index, segment);
    const repeats: string[] = [];
    for (let at = 0; at + ID_LENGTH <= ids.length; at += ID_LENGTH) {
      const r = this.ledger.claimAt(ids, at, owner);
      if (r === true) this.pending.add(owner);
      else if (r !== owner) repeats.push(ids.slice(at, at + ID_LENGTH)); // seen, or another segment's
    }
    return repeats;
  }

  /** Every object of worker `index`'s `segment` is in the lake: its claimed ids are seen. */
  stored(index: number, segment: string): void {
    const owner = ownerOf(index, segment);
    if (this.pending.delete(owner)) this.ledger.settleOwner(owner, true);
  }

  /** Worker `index` started with `segments` in its spool: a claim of any other of its segments was stored. */
  holding(index: number, segments: readonly string[]): void {
    const prefix = `${index}/`;
    const still = new Set(segments.map((s) => ownerOf(index, s)));
    for (const owner of [...this.pending]) {
      if (owner.startsWith(prefix) && !still.has(owner)) this.stored(index, owner.slice(prefix.length));
    }
  }

  /** Saves the window (after a stored segment, on shutdown); saves requested during a save run once more after it. */
  save(): Promise<void> {
    if (this.saving) {
      this.saveAgain = true;
      return this.saving;
    }
    this.saving = (async () => {
      do {
        this.saveAgain = false;
        await saveDedupWindow(this.file, this.ledger.window);
        for (const f of this.legacy.splice(0)) await fs.promises.rm(f, { force: true });
      } while (this.saveAgain);
    })().finally(() => {
      this.saving = null;
    });
    return this.saving;
  }

  get size(): number {
    return this.ledger.window.size;
  }
}
