/**
 * A worker's side of the one dedup window of the collector (WORKERS > 1): the primary holds the
 * ledger (dedup-primary.ts); a worker asks it which ids of a batch are new.
 *
 * Claims made in the same turn of the event loop travel together, with the outcomes of the spool
 * writes settled since the last message, as one request (one IPC round trip for all the batches in
 * flight, not one per batch). Each batch is a ticket, numbered by this worker; the primary answers
 * per id: new, seen, or "wait for ticket <worker>.<n>" when another batch holds it pending. A wait
 * on another worker's ticket ends with the primary's `dedup-settled` notice; a wait on our own ends
 * with our own write. An own ticket is forgotten only when the primary has answered the message
 * that settled it: answers come in order, so no later answer can name it.
 *
 * With the primary gone the worker cannot tell repeats: claims fail (the page gets 503 and retries)
 * and node:cluster ends the worker anyway.
 */
import { deferred, type Claim, type DedupClaims, type Deferred } from '../ingest/dedup-claims';
import type { Channel } from './channel';

/** per id: 0 new (this batch stores it), 1 seen, or the key of the ticket to wait for */
export type Verdict = 0 | 1 | string;
/** worker → primary: claims [ticket, ids], then outcomes [ticket, 1 durable | 0 failed] */
export interface ClaimMessage {
  c: [number, string[]][];
  s: [number, 0 | 1][];
}
/** primary → worker: tickets of other workers that ended, [key, 1 durable | 0 failed] */
export type SettledNotice = [string, 0 | 1][];

export const ticketKey = (workerId: number, ticket: number): string => `${workerId}.${ticket}`;

export class ClusterClaims implements DedupClaims {
  private seq = 0;
  /** our tickets the primary may still name in an answer */
  private readonly own = new Map<number, Deferred>();
  /** other workers' tickets our repeats wait for */
  private readonly foreign = new Map<string, Deferred>();
  private claims: { ticket: number; ids: string[]; answer: (v: Verdict[]) => void; fail: (err: unknown) => void }[] = [];
  private settled: [number, 0 | 1][] = [];
  private scheduled = false;

  constructor(private readonly channel: Channel, private readonly workerId: number) {}

  claim(ids: readonly string[]): Claim | Promise<Claim> {
    if (ids.length === 0) return { fresh: [], waits: [], settle: () => undefined }; // nothing to ask
    const ticket = ++this.seq;
    const done = deferred();
    this.own.set(ticket, done);
    return new Promise<Verdict[]>((answer, fail) => {
      this.claims.push({ ticket, ids: ids as string[], answer, fail });
      this.schedule();
    }).then(
      (verdicts) => this.claimOf(ticket, done, verdicts),
      (err: unknown) => {
        this.own.delete(ticket);
        throw err;
      },
    );
  }

  /** The primary's notice: tickets of other workers ended. */
  onSettled(notice: SettledNotice): void {
    for (const [key, ok] of notice) {
      const d = this.foreign.get(key);
      if (!d) continue;
      this.foreign.delete(key);
      if (ok) d.resolve();
      else d.reject(new Error('the first copy of a repeated event could not be stored; retry'));
    }
  }

  /** The primary is gone: no notice will come. */
  onClosed(err: Error): void {
    for (const d of this.foreign.values()) d.reject(err);
    this.foreign.clear();
    for (const c of this.claims) c.fail(err);
    this.claims = [];
  }

  async restore(spoolIds: readonly string[]): Promise<void> {
    await this.channel.request('dedup-restored', spoolIds);
  }

  async save(): Promise<void> {
    this.channel.post('dedup-flushed');
  }

  private claimOf(ticket: number, done: Deferred, verdicts: Verdict[]): Claim {
    const waits = new Set<Promise<void>>();
    const fresh = verdicts.map((v) => {
      if (v === 0) return true;
      if (v !== 1) waits.add(this.waitFor(v));
      return false;
    });
    const mine = fresh.some(Boolean);
    return {
      fresh,
      waits: [...waits],
      settle: (write) => {
        write.then(
          () => this.end(ticket, done, mine, 1),
          (err: unknown) => this.end(ticket, done, mine, 0, err),
        );
      },
    };
  }

  private end(ticket: number, done: Deferred, told: boolean, ok: 0 | 1, err?: unknown): void {
    if (ok) done.resolve();
    else done.reject(err);
    if (!told) return void this.own.delete(ticket); // the primary holds nothing for it
    this.settled.push([ticket, ok]);
    this.schedule();
  }

  private waitFor(key: string): Promise<void> {
    const dot = key.indexOf('.');
    if (Number(key.slice(0, dot)) === this.workerId) {
      const d = this.own.get(Number(key.slice(dot + 1)));
      // not ours any more: answered after its settle, which cannot happen (answers keep their order)
      return d ? d.promise : Promise.resolve();
    }
    let d = this.foreign.get(key);
    if (!d) this.foreign.set(key, (d = deferred()));
    return d.promise;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.send());
  }

  /** One request for everything gathered since the last one. */
  private send(): void {
    this.scheduled = false;
    const claims = this.claims;
    const settled = this.settled;
    this.claims = [];
    this.settled = [];
    if (!claims.length && !settled.length) return;
    const message: ClaimMessage = { c: claims.map((c) => [c.ticket, c.ids]), s: settled };
    this.channel.request<Verdict[][]>('dedup-claim', message).then(
      (answers) => {
        claims.forEach((c, i) => c.answer(answers[i]));
        for (const [ticket] of settled) this.own.delete(ticket);
      },
      (err: unknown) => {
        for (const c of claims) c.fail(err);
        for (const [ticket] of settled) this.own.delete(ticket);
      },
    );
  }
}
