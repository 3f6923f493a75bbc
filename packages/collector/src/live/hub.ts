/**
 * The live view's hub (contract §9): every event the collector handles, accepted (a lake row) or
 * rejected (a bad row with its reason), goes to the listeners of its site as one Server-Sent Event.
 *
 * The hub reads what the spool made durable (`committed`, called with the lines of each commit), so
 * ingest keeps no parsed event for it while the fsync runs. Copies of the last commits hold at least
 * the last LIVE_BUFFER_EVENTS lines (what a new listener is shown first, read only then: with no
 * listener a commit costs one copy and no look at its lines); a line is parsed and serialized once
 * only when its site has listeners. The events of a commit are written to each listener together,
 * right after (setImmediate), without awaiting. A listener whose socket already
 * holds more than LIVE_MAX_QUEUED_BYTES unsent (it does not read) is dropped. Nothing is stored.
 * A listener may ask for one visitor's events only (`visitor`: an anonymous_id, the Action
 * Recorder's "this browser" view): the others of its site are not written to it.
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
  /** only this visitor's events (their anonymous_id; a rejected event's as sent); absent: all of the site's */
  visitor?: string;
}

/** The visitor an event is of: the row's anonymous_id, or the one a rejected payload carried. */
export function visitorOf(kind: LiveKind, row: LakeRow | BadRow): string | null {
  const id = kind === 'accepted' ? (row as LakeRow).anonymous_id : ((row as BadRow).payload as { anonymous_id?: unknown } | null)?.anonymous_id;
  return typeof id === 'string' ? id : null;
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

/**
 * What a new listener is shown first: the lines of one commit (a copy, read only when a listener
 * connects) or one event another worker handled. `lines`: how many events it holds.
 */
type Held = { text: Buffer; lines: number } | { site: string; kind: LiveKind; row: LakeRow | BadRow; lines: 1 };

/**
 * Buffers of copies no longer held, kept for the next commits' copies: a new ~1 MB buffer per commit
 * counted as external memory, and V8 marked the whole heap every 64 MB of it (9 of 25 mark-compacts
 * in 8 s of 50-event batches). Sizes are powers of two, so a buffer fits the commits that follow.
 */
const SPARE_BUFFERS = 2;
const MIN_COPY_BYTES = 64 * 1024;
/** a larger buffer (one huge commit's) serves that copy only, not kept for the life of the process */
const SPARE_MAX_BYTES = 16 << 20;

const NL = 0x0a;

export class LiveHub {
  /** newest last; from `first` on, at least the last LIVE_BUFFER_EVENTS events, and at most one more commit */
  private held: (Held | undefined)[] = [];
  private first = 0;
  private heldLines = 0;
  private readonly spare: Buffer[] = [];
  private readonly bySite = new Map<string, Set<LiveListener>>();
  private count = 0;
  private readonly dropped: Counter;
  private readonly sent: Counter;
  /** the SSE text of each site's events not written yet, each with its visitor */
  private readonly pending = new Map<string, { text: string; visitor: string | null }[]>();
  private scheduled = false;
  /** listeners dropped for not reading, since the start */
  droppedTotal = 0;

  constructor(readonly limits: LiveLimits, private readonly actionIdOf: ActionIdOf = () => null, registry?: Registry) {
    const registers = registry ? [registry] : [];
    this.dropped = new Counter({ name: 'actionlake_live_listeners_dropped_total', help: 'Live view listeners dropped because they did not read fast enough (LIVE_MAX_QUEUED_BYTES)', registers });
    this.sent = new Counter({ name: 'actionlake_live_events_sent_total', help: 'Events written to live view listeners', registers });
    const hub = this;
    new Gauge({ name: 'actionlake_live_listeners', help: 'Live view listeners connected', registers, collect() { this.set(hub.count); } });
  }

  get listeners(): number {
    return this.count;
  }

  /** With WORKERS > 1 (../cluster/live-relay.ts): this process's events of the `remote` sites, for listeners on other workers. */
  forward: ((site: string, kind: LiveKind, row: LakeRow | BadRow) => void) | null = null;
  /** With WORKERS > 1: the sites listened to on other workers. */
  remote: ReadonlySet<string> = new Set();
  /** With WORKERS > 1: told when a site's listener count on this process changes. */
  onListeners: ((site: string, n: number) => void) | null = null;

  /**
   * The `count` lines of one spool commit, once durable (record.ts's format; valid only during the
   * call: the spool reuses the buffer). Never throws, never waits. With no listener anywhere, no
   * line is looked at: the commit is only copied for a listener still to come.
   */
  committed(lines: Buffer, count: number): void {
    if (this.bySite.size || this.remote.size) {
      for (let start = 0, nl = lines.indexOf(NL); nl >= 0; start = nl + 1, nl = lines.indexOf(NL, start)) {
        const head = lineHead(lines, start, nl);
        if (!head) continue;
        const remote = this.remote.has(head.site);
        if (!remote && !this.bySite.has(head.site)) continue;
        const row = parseRow(lines, head.row, nl);
        if (!row) continue;
        const kind: LiveKind = head.kind === 'e' ? 'accepted' : 'rejected';
        if (remote) this.forward?.(head.site, kind, row);
        this.send(head.site, kind, row);
      }
    }
    const n = this.limits.bufferEvents;
    if (!n || !count) return;
    // a copy: the spool reuses `lines`; of a commit larger than the buffer, its last lines only
    const from = count > n ? startOfLastLines(lines, n) : 0;
    this.hold({ text: this.copyOf(lines, from), lines: Math.min(count, n) });
  }

  /** An event another worker handled, for this process's listeners (and those still to come). */
  deliver(site: string, kind: LiveKind, row: LakeRow | BadRow): void {
    if (this.limits.bufferEvents) this.hold({ site, kind, row, lines: 1 });
    this.send(site, kind, row);
  }

  /** Keeps `h`, and drops what the last LIVE_BUFFER_EVENTS events no longer need. */
  private hold(h: Held): void {
    this.held.push(h);
    this.heldLines += h.lines;
    for (let old = this.held[this.first]!; this.heldLines - old.lines >= this.limits.bufferEvents; old = this.held[this.first]!) {
      this.heldLines -= old.lines;
      this.held[this.first++] = undefined;
      if ('text' in old) this.recycle(old.text);
    }
    if (this.first > 64 && 2 * this.first > this.held.length) {
      this.held = this.held.slice(this.first);
      this.first = 0;
    }
  }

  /** `lines` from byte `from` on, in a spare buffer when one is large enough. */
  private copyOf(lines: Buffer, from: number): Buffer {
    const size = lines.length - from;
    const i = this.spare.findIndex((b) => b.length >= size);
    const buf = i >= 0 ? this.spare.splice(i, 1)[0] : Buffer.allocUnsafeSlow(Math.max(MIN_COPY_BYTES, 2 ** Math.ceil(Math.log2(size))));
    lines.copy(buf, 0, from);
    return buf.subarray(0, size);
  }

  /** The whole buffer under a copy dropped from `held`, for a later copy (the largest few are kept). */
  private recycle(text: Buffer): void {
    if (text.buffer.byteLength > SPARE_MAX_BYTES) return;
    this.spare.push(Buffer.from(text.buffer, text.byteOffset, text.buffer.byteLength - text.byteOffset));
    if (this.spare.length > SPARE_BUFFERS) {
      this.spare.sort((a, b) => b.length - a.length);
      this.spare.length = SPARE_BUFFERS;
    }
  }

  private send(site: string, kind: LiveKind, row: LakeRow | BadRow): void {
    if (!this.bySite.has(site)) return;
    // serialized once for all the site's listeners; written once per batch (setImmediate), not per event
    const event = { text: sseText(kind, row, this.actionIdOf, site), visitor: visitorOf(kind, row) };
    const p = this.pending.get(site);
    if (p) p.push(event);
    else this.pending.set(site, [event]);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    for (const [site, p] of this.pending) {
      let all: string | undefined; // joined once, for the listeners of every visitor
      for (const l of this.bySite.get(site) ?? []) {
        if (l.sink.writableLength > this.limits.maxQueuedBytes) {
          this.drop(l);
          continue;
        }
        const mine = l.visitor === undefined ? p : p.filter((e) => e.visitor === l.visitor);
        if (!mine.length) continue;
        try {
          l.sink.write(mine === p ? (all ??= p.map((e) => e.text).join('')) : mine.map((e) => e.text).join(''));
          this.sent.inc(mine.length);
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
    if (this.scheduled) this.flush(); // what is pending goes to the others; the replay below has it
    const set = this.bySite.get(l.site) ?? new Set();
    this.bySite.set(l.site, set);
    set.add(l);
    this.count++;
    this.onListeners?.(l.site, set.size);
    this.replay(l);
    return true;
  }

  /** Writes `l` the held events of its site, of the last LIVE_BUFFER_EVENTS, oldest first. */
  private replay(l: LiveListener): void {
    let skip = Math.max(0, this.heldLines - this.limits.bufferEvents);
    for (let i = this.first; i < this.held.length; i++) {
      const h = this.held[i]!;
      if (!('text' in h)) {
        if (skip > 0) skip--;
        else if (h.site === l.site && wants(l, h.kind, h.row)) l.sink.write(sseText(h.kind, h.row, this.actionIdOf, h.site));
        continue;
      }
      const text = h.text;
      for (let start = 0, nl = text.indexOf(NL); nl >= 0; start = nl + 1, nl = text.indexOf(NL, start)) {
        if (skip > 0) {
          skip--;
          continue;
        }
        const head = lineHead(text, start, nl);
        const row = head && head.site === l.site ? parseRow(text, head.row, nl) : null;
        const kind: LiveKind = head?.kind === 'e' ? 'accepted' : 'rejected';
        if (row && wants(l, kind, row)) l.sink.write(sseText(kind, row, this.actionIdOf, l.site));
      }
    }
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

/** Whether `l` is shown this event of its site: it listens to every visitor, or to this event's. */
function wants(l: LiveListener, kind: LiveKind, row: LakeRow | BadRow): boolean {
  return l.visitor === undefined || visitorOf(kind, row) === l.visitor;
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
