/**
 * The live view's hub (contract §9): every event the collector handles, accepted (a lake row) or
 * rejected (a bad row with its reason), goes to the listeners of its site as one Server-Sent Event.
 *
 * The hub reads what the spool made durable (`committed`, called with the lines of each commit), so
 * ingest keeps no parsed event for it while the fsync runs. A fixed ring holds the text of the last
 * LIVE_BUFFER_EVENTS lines (what a new listener is shown first; parsed only then); a line is parsed
 * and serialized once only when its site has listeners. The events of a commit are written to each
 * listener together, right after (setImmediate), without awaiting. A listener whose socket already
 * holds more than LIVE_MAX_QUEUED_BYTES unsent (it does not read) is dropped. Nothing is stored.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { BadRow, LakeRow } from '@actionlake/schema';
import { lineHead } from '../spool/record';

export type LiveKind = 'accepted' | 'rejected';

export interface LiveLimits {
  /** events kept for a new listener (all sites together) */
  bufferEvents: number;
  /** listeners at once (all sites together); more are refused with 503 */
  maxListeners: number;
  /** bytes a listener's socket may hold unsent before it is dropped */
  maxQueuedBytes: number;
}

/** What a listener needs of an HTTP response: write without waiting, and how much is still unsent. */
export interface LiveSink {
  write(chunk: string): unknown;
  readonly writableLength: number;
  destroy(): unknown;
}

export interface LiveListener {
  site: string;
  sink: LiveSink;
}

/** The id of the definition whose `name` a click carries (null: `Element clicked` or none known); sync, from a cache. */
export type ActionIdOf = (site: string, action: string) => string | null;

/** Largest part of a rejected payload shown in the live view. */
export const LIVE_PAYLOAD_CHARS = 2_000;

/** One event as the SSE text sent: `event: accepted|rejected`, `data: {...}`. The IP is left out. */
export function sseText(kind: LiveKind, row: LakeRow | BadRow, actionIdOf: ActionIdOf, site: string): string {
  let data: unknown;
  if (kind === 'accepted') {
    const { ip: _ip, ...rest } = row as LakeRow;
    const click = rest.action_type === 'click';
    data = { status: kind, ...(click ? { action_id: actionIdOf(site, rest.action) } : {}), row: rest };
  } else {
    const bad = row as BadRow;
    const payload = JSON.stringify(bad.payload) ?? 'null';
    data = { status: kind, reason: bad.reason, errors: bad.errors, received_at: bad.received_at, payload: payload.length > LIVE_PAYLOAD_CHARS ? payload.slice(0, LIVE_PAYLOAD_CHARS) + '…' : payload };
  }
  return `event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** An event of the ring: its row, or where the row's JSON is in `text` (parsed when a listener asks). */
interface Entry {
  site: string;
  kind: LiveKind;
  row: LakeRow | BadRow | null;
  text: Buffer | null;
  start: number;
  end: number;
}

const NL = 0x0a;

export class LiveHub {
  private readonly ring: (Entry | undefined)[];
  private next = 0;
  private readonly bySite = new Map<string, Set<LiveListener>>();
  private count = 0;
  private readonly dropped: Counter;
  private readonly sent: Counter;
  /** SSE text of each site not written yet, and how many events it holds */
  private readonly pending = new Map<string, { text: string; n: number }>();
  private scheduled = false;
  /** listeners dropped for not reading, since the start */
  droppedTotal = 0;

  constructor(readonly limits: LiveLimits, private readonly actionIdOf: ActionIdOf = () => null, registry?: Registry) {
    this.ring = new Array(limits.bufferEvents);
    const registers = registry ? [registry] : [];
    this.dropped = new Counter({ name: 'actionlake_live_listeners_dropped_total', help: 'Live view listeners dropped because they did not read fast enough (LIVE_MAX_QUEUED_BYTES)', registers });
    this.sent = new Counter({ name: 'actionlake_live_events_sent_total', help: 'Events written to live view listeners', registers });
    const hub = this;
    new Gauge({ name: 'actionlake_live_listeners', help: 'Live view listeners connected', registers, collect() { this.set(hub.count); } });
  }

  get listeners(): number {
    return this.count;
  }

  /** With WORKERS > 1 (./cluster-relay.ts): this process's events of the `remote` sites, for listeners on other workers. */
  forward: ((site: string, kind: LiveKind, row: LakeRow | BadRow) => void) | null = null;
  /** With WORKERS > 1: the sites listened to on other workers. */
  remote: ReadonlySet<string> = new Set();
  /** With WORKERS > 1: told when a site's listener count on this process changes. */
  onListeners: ((site: string, n: number) => void) | null = null;

  /**
   * The lines of one spool commit, once durable (record.ts's format; valid only during the call:
   * the spool reuses the buffer). Never throws, never waits.
   */
  committed(lines: Buffer): void {
    const n = this.ring.length;
    const keepFrom = n ? startOfLastLines(lines, n) : lines.length;
    const kept = keepFrom < lines.length ? Buffer.from(lines.subarray(keepFrom)) : null; // a copy: the spool reuses `lines`
    // with no listener anywhere, the lines before the ring's are not looked at
    const from = this.bySite.size || this.remote.size ? 0 : keepFrom;
    for (let start = from, nl = lines.indexOf(NL, from); nl >= 0; start = nl + 1, nl = lines.indexOf(NL, start)) {
      const head = lineHead(lines, start, nl);
      if (!head) continue;
      const kind: LiveKind = head.kind === 'e' ? 'accepted' : 'rejected';
      const remote = this.remote.has(head.site);
      const row = remote || this.bySite.has(head.site) ? parseRow(lines, head.row, nl) : null;
      if (row && remote) this.forward?.(head.site, kind, row);
      if (kept && start >= keepFrom) this.remember({ site: head.site, kind, row, text: kept, start: head.row - keepFrom, end: nl - keepFrom });
      if (row) this.send(head.site, kind, row);
    }
  }

  /** An event another worker handled, for this process's listeners (and its ring). */
  deliver(site: string, kind: LiveKind, row: LakeRow | BadRow): void {
    this.remember({ site, kind, row, text: null, start: 0, end: 0 });
    this.send(site, kind, row);
  }

  private remember(e: Entry): void {
    if (!this.ring.length) return;
    this.ring[this.next] = e;
    this.next = (this.next + 1) % this.ring.length;
  }

  private send(site: string, kind: LiveKind, row: LakeRow | BadRow): void {
    if (!this.bySite.has(site)) return;
    // serialized once for all the site's listeners; written once per batch (setImmediate), not per event
    const p = this.pending.get(site);
    const text = sseText(kind, row, this.actionIdOf, site);
    if (p) {
      p.text += text;
      p.n++;
    } else this.pending.set(site, { text, n: 1 });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    for (const [site, p] of this.pending) {
      for (const l of this.bySite.get(site) ?? []) {
        if (l.sink.writableLength > this.limits.maxQueuedBytes) {
          this.drop(l);
          continue;
        }
        try {
          l.sink.write(p.text);
          this.sent.inc(p.n);
        } catch {
          this.drop(l);
        }
      }
    }
    this.pending.clear();
  }

  /** Adds a listener and writes it the buffered events of its site; false when LIVE_MAX_LISTENERS are connected. */
  add(l: LiveListener): boolean {
    if (this.count >= this.limits.maxListeners) return false;
    if (this.scheduled) this.flush(); // what is pending goes to the others; the ring replay below has it
    const set = this.bySite.get(l.site) ?? new Set();
    this.bySite.set(l.site, set);
    set.add(l);
    this.count++;
    this.onListeners?.(l.site, set.size);
    const n = this.ring.length;
    for (let i = 0; i < n; i++) {
      const e = this.ring[(this.next + i) % n];
      if (!e || e.site !== l.site) continue;
      const row = (e.row ??= e.text && parseRow(e.text, e.start, e.end));
      if (row) l.sink.write(sseText(e.kind, row, this.actionIdOf, e.site));
    }
    return true;
  }

  remove(l: LiveListener): void {
    const set = this.bySite.get(l.site);
    if (!set || !set.delete(l)) return;
    this.count--;
    if (!set.size) this.bySite.delete(l.site);
    this.onListeners?.(l.site, set.size);
  }

  /** Ends every stream (the collector is stopping). */
  closeAll(): void {
    for (const set of [...this.bySite.values()]) {
      for (const l of [...set]) {
        this.remove(l);
        l.sink.destroy();
      }
    }
  }

  private drop(l: LiveListener): void {
    this.remove(l);
    this.dropped.inc();
    this.droppedTotal++;
    l.sink.destroy();
  }
}

/** Where the last `n` lines of `buf` (each ending in a newline) start. */
function startOfLastLines(buf: Buffer, n: number): number {
  let p = buf.length - 1; // the last line's newline
  for (let i = 0; i < n && p > 0; i++) p = buf.lastIndexOf(NL, p - 1);
  return p > 0 ? p + 1 : 0;
}

/** The row whose JSON is `buf[start, end)`; null if it does not parse (the spool wrote it: should not happen). */
function parseRow(buf: Buffer, start: number, end: number): LakeRow | BadRow | null {
  try {
    return JSON.parse(buf.toString('utf8', start, end)) as LakeRow | BadRow;
  } catch {
    return null;
  }
}
