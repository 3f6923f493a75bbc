/**
 * The one dedup window of a collector with WORKERS > 1, kept by the primary: every worker's batches
 * claim their ids here (dedup-worker.ts), so a page's retry is caught whichever worker it reaches.
 * The rule is ingest/dedup-claims.ts's: an id is seen only once its write is durable; a repeat of a
 * pending id waits for that write (a ticket: one worker's batch).
 *
 * The window lives in SPOOL_DIR/dedup-window.txt (the same file a one-process run uses), saved after
 * a worker's flush and on shutdown, and rebuilt on start from that file and from what each worker's
 * spool still holds. Claims are answered only once every worker has sent those ids, so a repeat of
 * an event still in worker 2's spool is not stored by worker 1 meanwhile.
 *
 * When a worker dies its pending tickets are in doubt: the write may or may not have reached its
 * spool. They stay pending (repeats keep waiting) until the replacement, which reads the same spool
 * folder, reports what it holds: the ids there are seen, the others free, and the waiting repeats
 * are acknowledged or failed (503, the page retries) accordingly. Without a report within
 * ORPHAN_MS, or when the collector is stopping, they are freed: a retry may then store an event a
 * second time, never lose one.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { loadDedupWindow, saveDedupWindow } from '../ingest/dedup-file';
import { ClaimLedger } from '../ingest/dedup-claims';
import { ticketKey, type ClaimMessage, type SettledNotice, type Verdict } from './dedup-worker';

/** how long a dead worker's pending tickets wait for its replacement's report */
export const ORPHAN_MS = 15_000;
/** how long claims wait for every worker's spool ids at start before they are answered anyway */
export const START_WAIT_MS = 60_000;

interface Ticket {
  ids: string[];
  /** workers (by cluster id) that wait for it */
  waiters: Set<number>;
}

export interface PrimaryDedupOptions {
  capacity: number;
  spoolDir: string;
  /** worker indexes 1…workers: claims wait until each has restored once */
  workers: number;
  /** sends the notice to one worker (by cluster id) */
  notify(workerId: number, notice: SettledNotice): void;
  logger: Logger;
}

export class PrimaryDedup {
  private readonly ledger: ClaimLedger<string>;
  private readonly tickets = new Map<string, Ticket>();
  /** per worker index: tickets of a dead worker of that index, waiting for the replacement */
  private readonly orphans = new Map<number, Set<string>>();
  private readonly restoredIndexes = new Set<number>();
  private held: (() => void)[] | null = [];
  private readonly file: string;
  private legacy: string[] = [];
  private saving: Promise<void> | null = null;
  private saveAgain = false;
  private stopping = false;

  constructor(private readonly o: PrimaryDedupOptions) {
    this.ledger = new ClaimLedger(o.capacity);
    this.file = path.join(o.spoolDir, 'dedup-window.txt');
    if (o.capacity === 0) this.held = null; // DEDUP_WINDOW=0: no claims will come
    else setTimeout(() => this.release('not every worker reported its spool in time'), START_WAIT_MS).unref();
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

  /** A worker's claims and settled tickets; answers the claims in order, one verdict per id. */
  claim(workerId: number, m: ClaimMessage): Verdict[][] | Promise<Verdict[][]> {
    for (const [t, ok] of m.s) this.settle(ticketKey(workerId, t), ok === 1);
    if (!m.c.length) return [];
    if (this.held) return new Promise((resolve) => this.held!.push(() => resolve(this.verdicts(workerId, m.c))));
    return this.verdicts(workerId, m.c);
  }

  /** A worker (index `index`) started and sent what its spool holds: seen; its predecessor's doubts end. */
  restored(index: number, ids: readonly string[]): void {
    const doubted = this.orphans.get(index);
    if (doubted) {
      this.orphans.delete(index);
      const inSpool = new Set(ids);
      for (const key of doubted) this.settleFound(key, inSpool);
    }
    for (const id of ids) this.ledger.add(id);
    this.restoredIndexes.add(index);
    let all = true;
    for (let i = 1; i <= this.o.workers; i++) all &&= this.restoredIndexes.has(i);
    if (all) this.release();
  }

  /** A worker died (or stopped) with tickets pending: they wait for its replacement, or end now. */
  exited(workerId: number, index: number): void {
    const prefix = `${workerId}.`;
    const doubted = new Set<string>();
    for (const key of this.tickets.keys()) if (key.startsWith(prefix)) doubted.add(key);
    if (!doubted.size) return;
    if (this.stopping) return void doubted.forEach((key) => this.settle(key, false));
    const all = this.orphans.get(index) ?? new Set();
    for (const key of doubted) all.add(key);
    this.orphans.set(index, all);
    setTimeout(() => {
      if (this.orphans.get(index) !== all) return;
      this.orphans.delete(index);
      this.o.logger.warn({ worker: index, tickets: all.size }, 'no replacement reported the dead worker\'s spool; its pending events count as not stored');
      for (const key of all) this.settle(key, false);
    }, ORPHAN_MS).unref();
  }

  /** The collector is stopping: no replacement will come. */
  stop(): void {
    this.stopping = true;
    for (const [index, keys] of this.orphans) {
      this.orphans.delete(index);
      for (const key of keys) this.settle(key, false);
    }
  }

  /** Saves the window (after a flush, on shutdown); saves requested during a save run once more after it. */
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

  private verdicts(workerId: number, claims: ClaimMessage['c']): Verdict[][] {
    return claims.map(([t, ids]) => {
      const key = ticketKey(workerId, t);
      let ticket: Ticket | undefined;
      return ids.map((id): Verdict => {
        const r = this.ledger.claim(id, key);
        if (r === true) {
          if (!ticket) this.tickets.set(key, (ticket = { ids: [], waiters: new Set() }));
          ticket.ids.push(id);
          return 0;
        }
        if (r === false) return 1;
        if (r !== key) this.tickets.get(r)?.waiters.add(workerId);
        return r;
      });
    });
  }

  private settle(key: string, durable: boolean): void {
    const ticket = this.tickets.get(key);
    if (!ticket) return;
    this.tickets.delete(key);
    this.ledger.settle(ticket.ids, key, durable);
    for (const w of ticket.waiters) this.o.notify(w, [[key, durable ? 1 : 0]]);
  }

  /** A doubted ticket: the ids found in the spool are seen, the rest free; its waiters learn whether all were found. */
  private settleFound(key: string, inSpool: ReadonlySet<string>): void {
    const ticket = this.tickets.get(key);
    if (!ticket) return;
    this.tickets.delete(key);
    this.ledger.settle(ticket.ids, key, (id) => inSpool.has(id));
    const all = ticket.ids.every((id) => inSpool.has(id)) ? 1 : 0;
    for (const w of ticket.waiters) this.o.notify(w, [[key, all]]);
  }

  private release(why?: string): void {
    const held = this.held;
    if (!held) return;
    if (why) this.o.logger.warn(why);
    this.held = null;
    for (const answer of held) answer();
  }
}
