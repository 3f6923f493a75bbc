// EventQueue delivery edge cases: store writes failing, tabs sharing the store, clear() during a
// send, and Retry-After timers. Fakes in support/queue-fakes.ts.
import { createQueue } from '../src/core/queue';
import type { HandOverNotes, TabLocks } from '../src/core/types';
import type { SendResult } from '../src/core/types';
import { memoryStore } from '../src/store/memory';
import { FakeTransport, ManualTimers, event, memoryNotes, settle, setup } from './support/queue-fakes';

describe('EventQueue delivery', () => {
  it('sends events whose store write failed (quota full, lost connection) and stops polling once acknowledged', async () => {
    const { store, transport, timers, queue } = setup([503]);
    store.put = () => Promise.reject(new DOMException('full', 'QuotaExceededError'));
    const a = event();
    await queue.add(a);
    await queue.flush(); // 503: kept in memory for the next attempt
    await queue.flush(); // 200
    expect(transport.ids()).toEqual([a.event_id, a.event_id]);
    timers.fire();
    await settle();
    await queue.flush();
    expect(transport.sent).toHaveLength(2);
    expect(timers.pending.size).toBe(0);
  });

  it('an event whose failing store write was still running when clear() came is never sent', async () => {
    const { store, transport, queue } = setup();
    let fail: (e: Error) => void = () => undefined;
    store.put = () => new Promise((_, reject) => (fail = reject));
    const added = queue.add(event());
    await settle(); // the write has started
    const cleared = queue.clear();
    fail(new DOMException('full', 'QuotaExceededError'));
    await Promise.all([added, cleared]);
    await queue.flush();
    expect(transport.sent).toEqual([]);
  });

  it('a tab never sends the events of a tab still open; once that tab is gone one tab sends them, once', async () => {
    const store = memoryStore();
    const alive = new Set<string>();
    const gone = new Map<string, (() => void)[]>();
    let holder = false;
    const locks: TabLocks = {
      exclusive: async (fn) => {
        if (holder) return false;
        holder = true;
        await fn().finally(() => (holder = false));
        return true;
      },
      hold: (tab) => alive.add(tab),
      alive: async () => new Set(alive),
      whenGone: (tab, fn) => gone.set(tab, [...(gone.get(tab) || []), fn]),
    };
    const tabs = ['a', 'b', 'c'].map((tab) => {
      const transport = new FakeTransport(tab === 'b' ? [0] : []); // b's send fails: its event stays stored
      const timers = new ManualTimers();
      return { transport, timers, queue: createQueue({ store, transport, timers, locks, notes: memoryNotes(), tab, random: () => 0.5 }) };
    });
    const [a, b, c] = tabs;
    const eb = event();
    await b.queue.add(eb);
    await b.queue.flush(); // fails
    await Promise.all([a.queue.flush(), c.queue.flush()]);
    expect(a.transport.ids()).toEqual([]);
    expect(c.transport.ids()).toEqual([]);
    // b closes without sending (its beacon refused): its lock goes, the watchers are told
    alive.delete('b');
    gone.get('b')!.forEach((fn) => fn());
    await Promise.all([a.queue.flush(), c.queue.flush()]);
    expect([...a.transport.ids(), ...c.transport.ids()]).toEqual([eb.event_id]);
    expect(await store.all()).toEqual([]);
  });

  it("a closed tab's hand-over is not sent again when its removal from the store never ran (the page died first)", async () => {
    const store = memoryStore();
    const alive = new Set<string>();
    const locks: TabLocks = {
      exclusive: (fn) => fn().then(() => true),
      hold: (tab) => alive.add(tab),
      alive: async () => new Set(alive),
      whenGone: () => undefined,
    };
    const notes = memoryNotes(); // localStorage as the closing page leaves it: written at once, read by every tab
    const closing = { transport: new FakeTransport(), timers: new ManualTimers() };
    const a = createQueue({ store, notes, locks, tab: 'a', ...closing });
    const events = [event(), event(), event()];
    for (const e of events) await a.add(e);
    // the page goes before its removal runs: it waits behind another tab's transaction and dies
    const remove = store.remove;
    store.remove = () => new Promise(() => undefined);
    a.beacon();
    await settle(); // its removal was issued, and never completes
    store.remove = remove;
    alive.delete('a');
    expect(closing.transport.beacons.flat().map((e) => e.event_id)).toEqual(events.map((e) => e.event_id));
    expect(await store.all()).toHaveLength(3); // still stored, as tab a's
    const next = { transport: new FakeTransport(), timers: new ManualTimers() };
    const b = createQueue({ store, notes, locks, tab: 'b', ...next });
    await b.flush(); // adopts what closed tabs left
    expect(next.transport.ids()).toEqual([]);
    expect(await store.all()).toEqual([]);
    expect(notes.written.size).toBe(0); // the note went with the events it named
  });

  it('a tab that opens while another looks at the locks is never taken for gone', async () => {
    const store = memoryStore();
    const alive = new Set<string>();
    const fresh = { transport: new FakeTransport(), timers: new ManualTimers() };
    let opened: ReturnType<typeof createQueue> | undefined;
    const locks: TabLocks = {
      exclusive: (fn) => fn().then(() => true),
      hold: (tab) => alive.add(tab),
      alive: async () => {
        const now = new Set(alive);
        if (!opened) { // a new tab starts right after the locks were asked, and stores its page view
          opened = createQueue({ store, locks, notes: memoryNotes(), tab: 'new', ...fresh });
          await opened.add(event());
        }
        return now;
      },
      whenGone: () => undefined,
    };
    const transport = new FakeTransport();
    const q = createQueue({ store, locks, notes: memoryNotes(), tab: 'old', transport, timers: new ManualTimers() });
    await q.flush();
    expect(transport.ids()).toEqual([]); // the new tab's event is the new tab's to send
  });

  it('a note of a tab still open (back from the back/forward cache) stays until that tab is gone', async () => {
    const store = memoryStore();
    const written = new Map<string, string[]>([['a', ['x']]]);
    const notes: HandOverNotes = { note: () => undefined, read: () => Object.fromEntries(written), forget: (tab) => written.delete(tab) };
    const alive = new Set(['a']);
    const locks: TabLocks = { exclusive: (fn) => fn().then(() => true), hold: (t) => alive.add(t), alive: async () => new Set(alive), whenGone: () => undefined };
    const q = createQueue({ store, notes, locks, tab: 'b', transport: new FakeTransport(), timers: new ManualTimers() });
    await q.flush();
    expect([...written.keys()]).toEqual(['a']);
    alive.delete('a');
    await q.flush();
    expect(written.size).toBe(0);
  });

  it('clear() (consent denied) stops a send already running: no further batch leaves', async () => {
    let release: (r: SendResult) => void = () => undefined;
    const { store, transport, queue } = setup();
    const send = transport.send.bind(transport);
    transport.send = (body) => (transport.sent.length ? send(body) : new Promise((r) => {
      transport.sent.push(JSON.parse(body).events);
      release = r;
    }));
    for (let i = 0; i < 120; i++) await queue.add(event());
    const flushed = queue.flush();
    await settle();
    expect(transport.sent).toHaveLength(1); // the first batch of 50 is in flight
    await queue.clear();
    release({ status: 200 });
    await flushed;
    expect(transport.sent).toHaveLength(1);
    expect(await store.all()).toEqual([]);
    queue.beacon();
    expect(transport.beacons).toEqual([]);
  });

  it('a Retry-After timer that fires a little early reschedules instead of stalling the queue', async () => {
    const { transport, timers, queue, clock } = setup([{ status: 429, retryAfter: '30' }]);
    await queue.add(event());
    await queue.flush();
    expect(timers.delays()).toEqual([30_000]);
    clock.advance(29_999); // the clock reads 1 ms low when the timer fires
    timers.fire();
    await settle();
    expect(transport.sent).toHaveLength(1);
    expect(timers.delays()).toEqual([1]);
    clock.advance(1);
    timers.fire();
    await settle();
    await queue.flush();
    expect(transport.sent).toHaveLength(2);
  });
});
