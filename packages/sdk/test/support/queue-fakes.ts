// Fakes for EventQueue tests: a scripted transport, manual timers and a controllable clock.
import type { WireEvent } from '@actionlake/schema';
import { createQueue, type QueueOptions } from '../../src/core/queue';
import type { HandOverNotes, SendResult, TabLocks, Transport } from '../../src/core/types';
import { memoryStore } from '../../src/store/memory';

let counter = 0;
export function event(extra: Partial<WireEvent> = {}): WireEvent {
  counter++;
  return {
    event_id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    site_id: 'demo', action: 'Clicked', action_type: 'custom', triggered_at: '2025-01-01T00:00:00.000Z',
    anonymous_id: 'a', session_id: 's', user_id: null, ...extra,
  };
}

/** The events of a request body, with the batch's shared fields put back (as the collector does). */
export function expand(body: string): WireEvent[] {
  const b = JSON.parse(body);
  return b.events.map((e: WireEvent) => ({ ...b.common, ...e }));
}

/** A transport answering with the scripted statuses (then 200), recording what it was sent. */
export class FakeTransport implements Transport {
  sent: WireEvent[][] = [];
  beacons: WireEvent[][] = [];
  constructor(public answers: (number | SendResult)[] = [], public beaconOk = true) {}
  async send(body: string): Promise<SendResult> {
    this.sent.push(expand(body));
    const a = this.answers.shift();
    if (a === undefined) return { status: 200 };
    return typeof a === 'number' ? { status: a } : a;
  }
  beacon(body: string): boolean {
    if (!this.beaconOk) return false;
    this.beacons.push(expand(body));
    return true;
  }
  ids(): string[] {
    return this.sent.flat().map((e) => e.event_id);
  }
}

/** Timers that only fire when the test says so. */
export class ManualTimers {
  pending = new Map<number, { fn: () => void; ms: number }>();
  private next = 1;
  set = (fn: () => void, ms: number) => {
    this.pending.set(this.next, { fn, ms });
    return this.next++;
  };
  clear = (h: unknown) => void this.pending.delete(h as number);
  delays(): number[] {
    return [...this.pending.values()].map((t) => t.ms);
  }
  fire(): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    all.forEach((t) => t.fn());
  }
}

/** A tab alone: no other tab to wait for (every leftover is adopted). */
export const soloLocks: TabLocks = {
  exclusive: (fn) => fn().then(() => true),
  hold: () => undefined,
  alive: () => Promise.resolve(null),
  whenGone: () => undefined,
};
/** Hand-over notes kept in memory, shared by the queues given the same object (as localStorage is by tabs). */
export function memoryNotes(): HandOverNotes & { written: Map<string, string[]> } {
  const written = new Map<string, string[]>();
  return {
    written,
    note: (tab, ids) => void written.set(tab, [...(written.get(tab) || []), ...ids]),
    read: () => Object.fromEntries(written),
    forget: (tab) => void written.delete(tab),
  };
}

export function setup(answers: (number | SendResult)[] = [], opts: Partial<QueueOptions> = {}) {
  const store = memoryStore();
  const transport = new FakeTransport(answers);
  const timers = new ManualTimers();
  let now = Date.UTC(2025, 0, 1);
  const clock = { advance: (ms: number) => (now += ms) };
  const queue = createQueue({ store, transport, timers, locks: soloLocks, notes: memoryNotes(), now: () => now, random: () => 0.5, ...opts });
  return { store, transport, timers, queue, clock };
}

export const settle = () => new Promise((r) => setTimeout(r, 0));
