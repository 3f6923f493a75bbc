// EventQueue delivery edge cases: store writes failing, tabs sharing the store, clear() during a
// send, and Retry-After timers. Fakes in support/queue-fakes.ts.
import { createQueue, type TabLocks } from '../src/core/queue';
import type { SendResult } from '../src/core/types';
import { memoryStore } from '../src/store/memory';
import { FakeTransport, ManualTimers, event, settle, setup } from './support/queue-fakes';

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
      return { transport, timers, queue: createQueue({ store, transport, timers, locks, tab, random: () => 0.5 }) };
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
