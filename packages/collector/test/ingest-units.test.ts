/** Validation reasons, the dedup window, the rate limiter and lake keys. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DedupWindow } from '../src/ingest/dedup';
import { ClaimLedger } from '../src/ingest/dedup-claims';
import { loadDedupWindow, saveDedupWindow } from '../src/ingest/dedup-file';
import { summarize, unitLengthsAreSafe, validateEvent, validator } from '../src/ingest/validate';
import { RateLimiter } from '../src/http/rate-limit';
import { badRowSite, hourOf, objectKey, uniquePart } from '../src/lake/keys';

const EVENTS_KEY = /^events\/site_id=([a-z0-9][a-z0-9_-]{0,63})\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\/([^/]+)-[^/]+\.ndjson\.gz$/;

const valid = () => ({
  event_id: randomUUID(), site_id: 'shop', action: 'Page viewed', action_type: 'pageview',
  triggered_at: '2024-05-01T12:00:00.000Z', anonymous_id: 'a', session_id: 's',
});

describe('validation', () => {
  it('accepts a minimal valid event', () => {
    expect(validateEvent(valid(), 'events[0]')).toEqual({ ok: true, event: expect.objectContaining({ site_id: 'shop' }) });
  });

  it('names the event and field in each reason', () => {
    const r = validateEvent({ ...valid(), event_id: 'nope', action_type: 'hover', products: [{ price: 'ten' }] }, 'events[3]');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^events\[3\]\.event_id must match pattern \^\[0-9a-fA-F\]\{8\}/),
      'events[3].action_type must be one of "pageview", "click", "submit", "custom", "identify", "consent"',
      'events[3].products[0].price must be number',
    ]));
  });

  it('reports missing fields, bad timestamps and non-objects', () => {
    const { site_id: _omit, ...noSite } = valid();
    expect(validateEvent(noSite, 'events[0]')).toEqual({ ok: false, errors: ["events[0] must have required property 'site_id'"] });
    expect(validateEvent({ ...valid(), triggered_at: 'yesterday' }, 'events[1]')).toEqual({ ok: false, errors: ['events[1].triggered_at must match format "date-time"'] });
    expect(validateEvent(42, 'events[2]')).toEqual({ ok: false, errors: ['events[2] must be object'] });
  });

  it('refuses fields the schema does not name, at the top level and inside page, element and device', () => {
    expect(validateEvent({ ...valid(), password: 'hunter2' }, 'events[0]')).toEqual({ ok: false, errors: ["events[0] must not have property 'password'"] });
    expect(validateEvent({ ...valid(), page: { url: 'https://s.example/', form: 'x' } }, 'events[1]')).toEqual({ ok: false, errors: ["events[1].page must not have property 'form'"] });
    expect(validateEvent({ ...valid(), element: { tag: 'input', value: 'typed' } }, 'events[2]')).toEqual({ ok: false, errors: ["events[2].element must not have property 'value'"] });
    expect(validateEvent({ ...valid(), device: { screen_width: 1, gpu: 'x' } }, 'events[3]').ok).toBe(false);
  });

  it('counts a length in characters, not UTF-16 units: 200 emoji fit a 200-character action, 201 do not', () => {
    expect(validateEvent({ ...valid(), action: '🚲'.repeat(200) }, 'events[0]').ok).toBe(true);
    expect(validateEvent({ ...valid(), action: '🚲'.repeat(201) }, 'events[0]')).toEqual({ ok: false, errors: ['events[0].action must NOT have more than 200 characters'] });
    expect(validateEvent({ ...valid(), action: '' }, 'events[0]')).toEqual({ ok: false, errors: ['events[0].action must NOT have fewer than 1 characters'] });
  });

  it('decides most events with the quick validator, only where counting UTF-16 units cannot accept what code points refuse', () => {
    expect(validator().quick).not.toBeNull(); // the shipped schema is such a schema
    expect(unitLengthsAreSafe({ properties: { a: { type: 'string', minLength: 1, maxLength: 9 } } })).toBe(true);
    expect(unitLengthsAreSafe({ properties: { a: { type: 'string', minLength: 2 } } })).toBe(false);
    expect(unitLengthsAreSafe({ properties: { a: { not: { maxLength: 3 } } } })).toBe(false);
    expect(unitLengthsAreSafe({ oneOf: [{ maxLength: 3 }, { minLength: 1 }] })).toBe(false);
  });

  it('summarizes long error lists', () => {
    expect(summarize(['a', 'b', 'c', 'd', 'e'])).toBe('a; b; c; and 2 more');
    expect(summarize(['a'])).toBe('a');
  });
});

describe('dedup window', () => {
  /** a UUID per letter: a → 00000000-0000-4000-8000-00000000000a */
  const u = (name: string) => `00000000-0000-4000-8000-${name.padStart(12, '0')}`;

  it('forgets the oldest id once more than DEDUP_WINDOW ids were seen', () => {
    const w = new DedupWindow(3);
    for (const id of ['a', 'b', 'c']) w.add(u(id));
    expect(w.has(u('a'))).toBe(true);
    w.add(u('d'));
    expect(w.has(u('a'))).toBe(false);
    expect(['b', 'c', 'd'].every((id) => w.has(u(id)))).toBe(true);
    expect(w.size).toBe(3);
  });

  it('keeps an id deleted and added again until its new turn comes, and lists ids oldest first', () => {
    const w = new DedupWindow(3);
    for (const id of ['a', 'b', 'c']) w.add(u(id));
    w.delete(u('a')); // its spool write failed
    w.add(u('a')); // the page retried
    expect(w.list()).toEqual(['b', 'c', 'a'].map(u));
    w.add(u('d')); // evicts b, now the oldest
    w.add(u('e'));
    expect(w.list()).toEqual(['a', 'd', 'e'].map(u));
    expect(w.has(u('a'))).toBe(true);
    expect(w.has(u('b'))).toBe(false);
    expect(w.size).toBe(3);
  });

  it('remembers nothing when the window is 0', () => {
    const w = new DedupWindow(0);
    w.add(u('a'));
    expect(w.has(u('a'))).toBe(false);
    expect(w.claim(u('a'))).toBe(true);
  });

  it('answers as a Map-and-array window would over many turns of the ring, with deletes, repeats and ids in capitals', () => {
    /** the window as it was written before (strings in a Map), as the reference */
    const capacity = 500;
    const ring: (string | null)[] = new Array(capacity).fill(null);
    const slotOf = new Map<string, number>();
    let next = 0;
    const reference = {
      claim(raw: string) {
        const id = raw.toLowerCase();
        if (slotOf.has(id)) return false;
        const old = ring[next];
        if (old !== null && slotOf.get(old) === next) slotOf.delete(old);
        ring[next] = id;
        slotOf.set(id, next);
        next = (next + 1) % capacity;
        return true;
      },
      list: () => ring.map((_, i) => ring[(next + i) % capacity]).filter((id, i) => id !== null && slotOf.get(id) === (next + i) % capacity),
    };
    const w = new DedupWindow(capacity);
    const ids: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      // new ids, sequential ones (most bits shared), and repeats of recent and of forgotten ids
      const pick = i % 5;
      const id = pick === 0 && ids.length > 10 ? ids[ids.length - 1 - (i % 10)]
        : pick === 1 && ids.length > 1000 ? ids[ids.length - 1000 + (i % 300)]
        : pick === 2 ? u((i * 16).toString(16))
        : randomUUID();
      const sent = i % 3 ? id : id.toUpperCase();
      expect(w.claim(sent)).toBe(reference.claim(sent));
      ids.push(id);
      if (i % 11 === 0 && ids.length > 1) {
        w.delete(ids[ids.length - 2]);
        slotOf.delete(ids[ids.length - 2]);
      }
      if (i % 997 === 0) expect(w.list()).toEqual(reference.list());
    }
    expect(w.list()).toEqual(reference.list());
    expect(w.size).toBe(slotOf.size);
  });

  it('writes its window file as one id per line, oldest first, and reads it back', async () => {
    const w = new DedupWindow(4);
    for (const id of ['1', '2', '3', '4', '5'].map(u)) w.add(id);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dedup-')), 'window.txt');
    await saveDedupWindow(file, w);
    expect(fs.readFileSync(file, 'utf8')).toBe(['2', '3', '4', '5'].map(u).join('\n'));
    const back = new DedupWindow(4);
    expect(await loadDedupWindow(file, back)).toBe(4);
    expect(back.list()).toEqual(w.list());
  });

  it('keeps a claimed id pending until its write settles: a repeat waits for its owner, a failure frees it, the file holds only the durable', async () => {
    const ledger = new ClaimLedger<string>(3);
    expect(ledger.claim(u('a'), 'A')).toBe(true);
    expect(ledger.claim(u('a'), 'B')).toBe('A'); // a repeat while the first copy is being written
    expect(ledger.claim(u('b'), 'B')).toBe(true);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dedup-')), 'window.txt');
    await saveDedupWindow(file, ledger.window);
    expect(fs.readFileSync(file, 'utf8')).toBe(''); // nothing durable yet: a crash must not make a lost event look seen
    ledger.settle([u('a')], 'A', true);
    ledger.settle([u('b')], 'B', false);
    expect(ledger.claim(u('a'), 'C')).toBe(false); // durable: seen
    expect(ledger.claim(u('b'), 'C')).toBe(true); // its write failed: the retry is stored
    await saveDedupWindow(file, ledger.window);
    expect(fs.readFileSync(file, 'utf8')).toBe(u('a'));
  });

  it('keeps the claim of a pending id that more than DEDUP_WINDOW newer ids pushed out of the ring', () => {
    const ledger = new ClaimLedger<string>(2);
    expect(ledger.claim(u('a'), 'slow')).toBe(true);
    for (const id of ['b', 'c', 'd']) {
      expect(ledger.claim(u(id), id)).toBe(true);
      ledger.settle([u(id)], id, true);
    }
    expect(ledger.claim(u('a'), 'retry')).toBe('slow');
    ledger.settle([u('a')], 'slow', true);
    expect(ledger.claim(u('a'), 'retry')).toBe(false);
    expect(ledger.window.list()).toEqual([u('d'), u('a')]);
  });

  it('settles every id of an owner in one pass, a pushed-out one too, leaving other owners\' claims pending', () => {
    const ledger = new ClaimLedger<string>(3);
    const text = ['a', 'b', 'c'].map(u).join(''); // as a segment's ids travel to the primary: one string
    for (let at = 0; at < text.length; at += 36) expect(ledger.claimAt(text, at, 'segment-1')).toBe(true);
    expect(ledger.claim(u('d'), 'segment-2')).toBe(true); // pushes 'a', still pending, out of the ring
    expect(ledger.claim(u('a'), 'segment-2')).toBe('segment-1');
    ledger.settleOwner('segment-1', true);
    expect(ledger.window.list()).toEqual([u('c'), u('a')]); // the newest seen, oldest first ('b' made room for 'a'); 'd' pending
    expect(ledger.claim(u('a'), 'segment-3')).toBe(false);
    expect(ledger.claim(u('c'), 'segment-3')).toBe(false);
    expect(ledger.claim(u('d'), 'segment-3')).toBe('segment-2');
    ledger.settleOwner('segment-2', false);
    expect(ledger.claim(u('d'), 'segment-3')).toBe(true);
  });

  it('does not remember what is not a UUID (the schema lets no such event_id through)', () => {
    const w = new DedupWindow(3);
    expect(w.claim('not-a-uuid')).toBe(true);
    expect(w.claim('not-a-uuid')).toBe(true);
    expect(w.claim(u('a').replace('-', '+'))).toBe(true);
    expect(w.size).toBe(0);
  });
});

describe('rate limiter', () => {
  it('lets a burst through, then one request per 1/rps seconds', () => {
    let t = 0;
    const rl = new RateLimiter(2, 3, 100, () => t);
    expect([rl.take('x'), rl.take('x'), rl.take('x')]).toEqual([0, 0, 0]);
    expect(rl.take('x')).toBe(1);
    expect(rl.take('y')).toBe(0);
    t += 500;
    expect(rl.take('x')).toBe(0);
    expect(rl.take('x')).toBeGreaterThan(0);
  });
});

describe('lake keys', () => {
  it('partitions by site and the UTC date and hour of received_at, after the collector id', () => {
    const key = objectKey('events', 'shop', hourOf('2024-05-01T23:59:59.999+00:00'), 'c-1.host', uniquePart());
    const m = EVENTS_KEY.exec(key)!;
    expect(m).not.toBeNull();
    expect(m.slice(1, 5)).toEqual(['shop', '2024-05-01', '23', 'c-1.host']);
    expect(objectKey('events', 'shop', hourOf('2024-05-02T01:30:00+02:00'), 'c', uniquePart())).toMatch(/^events\/site_id=shop\/dt=2024-05-01\/hour=23\/c-/);
  });

  it('puts bad rows without a valid site under _unknown', () => {
    expect(badRowSite('Bad Site')).toBe('_unknown');
    expect(badRowSite(undefined)).toBe('_unknown');
    expect(badRowSite('shop')).toBe('shop');
    expect(objectKey('bad', '_unknown', hourOf('2024-05-01T00:00:00Z'), 'c', uniquePart())).toMatch(/^bad\/site_id=_unknown\/dt=2024-05-01\/hour=00\/c-[^/-]+\.ndjson\.gz$/);
  });

  it('never repeats a unique part, even in the same millisecond', () => {
    const parts = new Set(Array.from({ length: 1000 }, () => uniquePart(1714564800000)));
    expect(parts.size).toBe(1000);
  });
});
