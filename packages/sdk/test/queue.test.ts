import type { WireEvent } from '@actionlake/schema';
import { createQueue } from '../src/core/queue';
import type { FlushLock } from '../src/core/types';
import { memoryStore } from '../src/store/memory';
import { FakeTransport, ManualTimers, event, memoryNotes, settle, setup, soloLocks } from './support/queue-fakes';

describe('EventQueue', () => {
  it('stores events before sending and deletes them only after a 2xx', async () => {
    const { store, transport, queue } = setup([200]);
    const a = event();
    await queue.add(a);
    expect((await store.all()).map((i) => i.event.event_id)).toEqual([a.event_id]);
    expect(transport.sent).toHaveLength(0);
    await queue.flush();
    expect(transport.ids()).toEqual([a.event_id]);
    expect(await store.all()).toEqual([]);
  });

  it('keeps events on network errors and 5xx, and sends them on the next attempt', async () => {
    const { store, transport, queue } = setup([0, 500]);
    const a = event();
    const b = event();
    await queue.add(a);
    await queue.add(b);
    await queue.flush(); // network error
    expect(await store.all()).toHaveLength(2);
    await queue.flush(); // 500
    expect(await store.all()).toHaveLength(2);
    await queue.flush(); // 200
    expect(await store.all()).toHaveLength(0);
    expect(transport.sent.map((b) => b.length)).toEqual([2, 2, 2]);
  });

  it('flush() resolves (never rejects) when the transport itself throws', async () => {
    const store = memoryStore();
    const queue = createQueue({
      store, timers: new ManualTimers(), locks: soloLocks, notes: memoryNotes(),
      transport: { send: () => Promise.reject(new Error('boom')) },
    });
    await queue.add(event());
    await expect(queue.flush()).resolves.toBeUndefined();
    expect(await store.all()).toHaveLength(1);
  });

  it('a 200 with rejected events still removes the whole batch (they went to bad rows)', async () => {
    const { store, queue } = setup([200]);
    await queue.add(event());
    await queue.add(event({ action: '' }));
    await queue.flush();
    expect(await store.all()).toEqual([]);
    expect((await queue.stats())!.dropped).toBe(0);
  });

  it('writes a burst of events in one store transaction', async () => {
    const { store, transport, queue } = setup();
    const puts: number[] = [];
    const put = store.put.bind(store);
    store.put = (items) => (puts.push(items.length), put(items));
    const evs = Array.from({ length: 120 }, () => event());
    const added = evs.map((e) => queue.add(e));
    const flushed = queue.flush();
    await Promise.all(added);
    expect(puts).toHaveLength(1);
    await flushed;
    expect(transport.ids()).toEqual(evs.map((e) => e.event_id));
  });

  it('sends in order, 50 events per request', async () => {
    const { transport, queue } = setup();
    const evs = Array.from({ length: 120 }, () => event());
    for (const e of evs) await queue.add(e);
    await queue.flush();
    expect(transport.sent.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(transport.ids()).toEqual(evs.map((e) => e.event_id));
  });

  it('stops at the first failed batch and keeps the rest for later', async () => {
    const { store, transport, queue } = setup([200, 503]);
    for (let i = 0; i < 120; i++) await queue.add(event());
    await queue.flush();
    expect(transport.sent).toHaveLength(2);
    expect(await store.all()).toHaveLength(70);
  });

  it('drops a batch the collector refuses for good (400, 415) and counts it', async () => {
    const { store, queue } = setup([400, 415]);
    await queue.add(event());
    await queue.flush();
    await queue.add(event());
    await queue.flush();
    expect(await store.all()).toEqual([]);
    expect(await store.dropped()).toBe(2);
  });

  it.each([408, 429])('retries %i instead of dropping', async (status) => {
    const { store, queue } = setup([status]);
    await queue.add(event());
    await queue.flush();
    expect(await store.all()).toHaveLength(1);
    expect(await store.dropped()).toBe(0);
  });

  it('splits a 413 batch in halves down to single events, dropping only the one too large', async () => {
    // 4 events: whole batch 413, halves [a,b] 413 and [c,d] ok, then a ok, b 413 → b dropped.
    const { store, transport, queue } = setup([413, 413, 200, 413, 200]);
    const evs = [event(), event(), event(), event()];
    for (const e of evs) await queue.add(e);
    await queue.flush();
    const ids = (b: WireEvent[]) => b.map((e) => evs.findIndex((x) => x.event_id === e.event_id));
    expect(transport.sent.map(ids)).toEqual([[0, 1, 2, 3], [0, 1], [0], [1], [2, 3]]);
    expect(await store.all()).toEqual([]);
    expect(await store.dropped()).toBe(1);
  });

  it('byte cap: storing past it drops the oldest events and counts them', async () => {
    const { store, queue } = setup([], { maxStoredBytes: 1000 });
    const evs = Array.from({ length: 10 }, () => event({ attributes: { pad: 'x'.repeat(150) } }));
    for (const e of evs) await queue.add(e);
    const left = (await store.all()).map((i) => i.event.event_id);
    const total = (await store.all()).reduce((s, i) => s + i.bytes, 0);
    expect(total).toBeLessThanOrEqual(1000);
    expect(left).toEqual(evs.slice(10 - left.length).map((e) => e.event_id)); // newest kept
    expect((await queue.stats())!.dropped).toBe(10 - left.length);
    expect(10 - left.length).toBeGreaterThan(0);
  });

  it('sends events left in the store by an earlier page', async () => {
    const store = memoryStore();
    const old = event();
    await store.put([{ event: old, bytes: 100, seq: 1 }]);
    const transport = new FakeTransport();
    const timers = new ManualTimers();
    createQueue({ store, transport, timers, locks: soloLocks, notes: memoryNotes() });
    await settle();
    expect(timers.pending.size).toBe(1);
    timers.fire();
    await settle();
    await settle();
    expect(transport.ids()).toEqual([old.event_id]);
  });

  it('sends within a second of an event, and a full batch of 50 at once', async () => {
    const { transport, timers, queue } = setup();
    timers.fire(); // the start-up look at the store
    await settle();
    await queue.add(event());
    expect(timers.delays()).toEqual([1000]);
    timers.fire();
    await queue.flush();
    expect(transport.sent).toHaveLength(1);
    for (let i = 0; i < 49; i++) void queue.add(event());
    expect(timers.delays()).toEqual([1000]);
    await queue.add(event());
    expect(timers.delays()).toEqual([0]);
  });

  it('after a failure waits with backoff instead of the normal interval', async () => {
    const { timers, queue } = setup([503]);
    await queue.add(event());
    timers.fire();
    await queue.flush();
    // random() = 0.5, attempt 0 → 500 ms
    expect(timers.delays()).toEqual([500]);
    await queue.add(event()); // a new event must not pull the retry earlier
    expect(timers.delays()).toEqual([500]);
  });

  it('honours Retry-After on 429: no send, not even flush(), before it elapsed', async () => {
    const { transport, timers, queue, clock } = setup([{ status: 429, retryAfter: '30' }]);
    await queue.add(event());
    await queue.flush();
    expect(timers.delays()).toEqual([30_000]);
    clock.advance(10_000);
    await queue.flush();
    expect(transport.sent).toHaveLength(1);
    clock.advance(20_000);
    await queue.flush();
    expect(transport.sent).toHaveLength(2);
  });

  it('backoff grows with consecutive failures and resets after a success', async () => {
    const { timers, queue } = setup([0, 0, 0, 200, 0]);
    await queue.add(event());
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      await queue.flush();
      delays.push(...timers.delays());
    }
    expect(delays).toEqual([500, 1000, 2000]);
    await queue.flush(); // 200
    await queue.add(event());
    await queue.flush(); // fails again: back to the first step
    expect(timers.delays()).toEqual([500]);
  });

  it('a closing page beacons its unsent events once and removes them from the store', async () => {
    const { store, transport, queue } = setup();
    const a = event();
    await queue.add(a);
    queue.beacon();
    queue.beacon();
    expect(transport.beacons).toEqual([[a]]);
    await settle();
    expect(await store.all()).toHaveLength(0);
    await queue.flush();
    expect(transport.sent).toEqual([]);
  });

  it('what the browser refuses to beacon (page-close budget) stays stored for the next visit', async () => {
    const { store, transport, queue } = setup();
    transport.beaconOk = false;
    await queue.add(event());
    queue.beacon();
    await settle();
    expect(await store.all()).toHaveLength(1);
  });

  it('beacons nothing while sends are failing (offline): the events stay stored', async () => {
    const { store, transport, queue } = setup([0]);
    await queue.add(event());
    await queue.flush();
    queue.beacon();
    expect(transport.beacons).toEqual([]);
    expect(await store.all()).toHaveLength(1);
  });

  it('does not beacon events already acknowledged', async () => {
    const { transport, queue } = setup();
    await queue.add(event());
    await queue.flush();
    queue.beacon();
    expect(transport.beacons).toEqual([]);
  });

  it('a tab sends its own events without the lock; leftovers wait until it gets the lock', async () => {
    const busy: FlushLock = async () => false;
    const store = memoryStore();
    const old = event();
    await store.put([{ event: old, bytes: 100, seq: 1, tab: 'closed-tab' }]);
    const { transport, timers, queue } = setup([], { store, locks: { exclusive: busy, hold: () => undefined, alive: async () => new Set(), whenGone: () => undefined } });
    const own = event();
    await queue.add(own);
    timers.fire();
    await settle();
    await settle();
    expect(transport.ids()).toEqual([own.event_id]);
    expect(timers.delays()).toEqual([1000]); // looks again later
  });

  it('options left undefined keep their defaults (createActionLake passes them through)', async () => {
    const { timers, queue } = setup([], { maxStoredBytes: undefined, intervalMs: undefined });
    await queue.add(event());
    expect(timers.delays()).toEqual([1000]);
    timers.fire();
    await queue.flush();
    await queue.add(event());
    expect(timers.delays()).toEqual([1000]);
  });

  it('clear() drops everything queued (consent denied)', async () => {
    const { store, transport, queue } = setup();
    await queue.add(event());
    await queue.clear();
    await queue.flush();
    expect(transport.sent).toHaveLength(0);
    expect(await store.all()).toEqual([]);
  });
});
