/**
 * Who stores an event_id, and when a repeat may be acknowledged.
 *
 * A batch claims its ids before its spool write starts. A claimed id is *pending* until that write
 * settles: durable, it joins the dedup window (seen from then on); failed, it is free again, so the
 * page's retry is stored. A repeat that arrives while the first copy is pending is not stored, and
 * is acknowledged only once that copy is durable (it fails with it otherwise). The window never holds
 * an id whose event is not on disk, so neither a crash nor the saved window file
 * (dedup-file.ts) can make a retry look like a repeat of an event that was lost (rudder-server#709).
 *
 * ClaimLedger is that rule over one DedupWindow; LocalClaims runs it for the requests of this
 * process. With WORKERS > 1 each worker has its own, and the primary holds one more ledger for the
 * whole collector, whose owners are spool segments about to be written to the lake
 * (cluster/dedup-primary.ts): a retry that reached the other worker is left out there.
 */
import { loadDedupWindow, saveDedupWindow } from './dedup-file';
import { CLAIM_NEW, CLAIM_SEEN, DedupWindow } from './dedup';

/** One batch's claim on its ids. */
export interface Claim {
  /** per id, in the order asked: true when this batch stores it, false for a repeat */
  fresh: boolean[];
  /** the writes of first copies still under way: the repeats are acknowledged once these resolve */
  waits: Promise<void>[];
  /** Hands over the batch's spool write: its new ids become seen when it is durable, free when it fails. */
  settle(write: Promise<void>): void;
}

/**
 * The dedup window plus the ids claimed by writes still under way, each with its owner. The window
 * keeps the pending ids itself, each with its owner's number (dedup.ts); this maps owners to numbers.
 */
export class ClaimLedger<Owner> {
  readonly window: DedupWindow;
  private readonly numbers = new Map<Owner, number>();
  private readonly owners = new Map<number, Owner>();
  /** the next owner number (wraps at 2^31: a claim would have to stay pending for 2^31 others) */
  private nextNumber = 0;

  constructor(capacity: number) {
    this.window = new DedupWindow(capacity);
  }

  /** true: new, now pending for `owner`; false: seen (durable); else the owner of the pending claim. */
  claim(id: string, owner: Owner): true | false | Owner {
    return this.claimAt(id, 0, owner, id.length === 36);
  }

  /** claim() of the UUID at `text[at…at + 36]`; `whole`: false when the text there is not one (never remembered). */
  claimAt(text: string, at: number, owner: Owner, whole = true): true | false | Owner {
    if (this.window.capacity === 0 || !whole) return true; // DEDUP_WINDOW=0: no deduplication at all
    const known = this.numbers.get(owner);
    const no = known ?? this.nextNumber;
    const r = this.window.claimAt(text, at, no);
    if (r === CLAIM_NEW) {
      if (known === undefined) {
        this.numbers.set(owner, no);
        this.owners.set(no, owner);
        this.nextNumber = (no + 1) & 0x7fffffff;
      }
      return true;
    }
    return r === CLAIM_SEEN ? false : (this.owners.get(r) ?? false);
  }

  /** Every id `owner` claimed is durable (seen) or free again, in one pass over the window (dedup.ts). */
  settleOwner(owner: Owner, durable: boolean): void {
    const no = this.numbers.get(owner);
    if (no === undefined) return; // it claimed nothing new
    this.numbers.delete(owner);
    this.owners.delete(no);
    this.window.settleOwner(no, durable);
  }

  /** `owner`'s write of `ids` ended: durable (seen from now on) or failed (free again). */
  settle(ids: readonly string[], owner: Owner, durable: boolean): void {
    const no = this.numbers.get(owner);
    if (no === undefined) return; // it claimed nothing new
    this.numbers.delete(owner);
    this.owners.delete(no);
    for (const id of ids) this.window.settleFor(id, no, durable);
  }

  /** An id known to be durable (the spool at start, the saved window). */
  add(id: string): void {
    this.window.add(id);
  }
}

/** A promise with its resolve and reject (rejection handled: a ticket nobody waits on may fail). */
export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** The ledger in this process; the window file is SPOOL_DIR/dedup-window.txt (none: memory only). */
export class LocalClaims {
  readonly ledger: ClaimLedger<Deferred>;

  constructor(capacity: number, private readonly file?: string) {
    this.ledger = new ClaimLedger(capacity);
  }

  /** Claims one batch's ids (lower case, as stored); a repeat within the batch counts as a repeat. */
  claim(ids: readonly string[]): Claim {
    const ticket = deferred();
    const claimed: string[] = [];
    const waits = new Set<Promise<void>>();
    const fresh = ids.map((id) => {
      const r = this.ledger.claim(id, ticket);
      if (r === true) {
        claimed.push(id);
        return true;
      }
      if (r !== false) waits.add(r.promise);
      return false;
    });
    return {
      fresh,
      waits: [...waits],
      settle: (write) => {
        write.then(
          () => {
            this.ledger.settle(claimed, ticket, true);
            ticket.resolve();
          },
          (err: unknown) => {
            this.ledger.settle(claimed, ticket, false);
            ticket.reject(err);
          },
        );
      },
    };
  }

  /** At start: the saved window, then the ids the spool still holds (durable, not yet in the lake). */
  async restore(spoolIds: readonly string[]): Promise<void> {
    if (this.file) await loadDedupWindow(this.file, this.ledger.window);
    for (const id of spoolIds) this.ledger.add(id);
  }

  /** After a flush: keeps the window for the next start. */
  save(): Promise<void> {
    return this.file ? saveDedupWindow(this.file, this.ledger.window) : Promise.resolve();
  }
}
