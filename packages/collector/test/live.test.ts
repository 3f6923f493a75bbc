/** GET /v1/sites/:site/live on a real port: the editor token, the stream's content and its bounds. */
import net from 'node:net';
import { actionsClient, definition, TOKEN } from './support/actions';
import { batch, event, metricValue, start, waitFor, type Harness } from './support/harness';

interface SseEvent { event: string; data: any }

/** Reads a live stream with fetch; `events` fills as they arrive. */
async function listen(url: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  const ac = new AbortController();
  const res = await fetch(url, { headers, signal: ac.signal });
  const events: SseEvent[] = [];
  if (res.status === 200) {
    void (async () => {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += value;
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const ev = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (ev && data) events.push({ event: ev, data: JSON.parse(data) });
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return { res, events, close: () => ac.abort() };
}

describe('the live view', () => {
  let h: Harness;
  afterEach(() => h.stop());
  const live = (site = 'shop') => `${h.url}/v1/sites/${site}/live`;

  it('requires the editor token: 401 without or with a wrong one, 403 when edits are disabled', async () => {
    h = await start({ adminToken: TOKEN });
    expect((await fetch(live())).status).toBe(401);
    expect((await fetch(live(), { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await fetch(`${live()}?token=nope`)).status).toBe(401);
    const ok = await listen(`${live()}?token=${TOKEN}`, {});
    expect(ok.res.status).toBe(200);
    expect(ok.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    ok.close();
    await h.stop();
    h = await start({ adminToken: null });
    const off = await fetch(live(), { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(off.status).toBe(403);
    expect((await off.json()).error).toMatch(/ADMIN_TOKEN/);
  });

  it('streams an accepted click with its enriched fields and the action that produced it, and a rejected event with its reason', async () => {
    h = await start({ adminToken: TOKEN });
    expect((await actionsClient(h.url, 'shop').put('add-to-cart', definition('add-to-cart', { name: 'Product added' }))).status).toBe(201);
    const l = await listen(live());
    const click = event({
      action: 'Product added', action_type: 'click', products: [{ name: 'Duke 200', price: 78990, currency: 'INR' }],
      page: { url: 'https://shop.example/p', path: '/p', referrer: 'https://www.google.com/search?q=duke' },
    });
    const bad = event({ anonymous_id: undefined });
    const res = await h.post(batch([click, bad]), { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36' });
    expect(res.status).toBe(200);
    await waitFor(() => l.events.length, (n) => n >= 2);
    const accepted = l.events.find((e) => e.event === 'accepted')!.data;
    expect(accepted.status).toBe('accepted');
    expect(accepted.action_id).toBe('add-to-cart');
    expect(accepted.row).toMatchObject({ event_id: click.event_id, action: 'Product added', products: [{ name: 'Duke 200', price: 78990, currency: 'INR' }], source: 'google.com', source_type: 'search' });
    expect(accepted.row.ua.browser.name).toBe('Chrome');
    expect(accepted.row).toHaveProperty('geo');
    expect(accepted.row).not.toHaveProperty('ip');
    const rejected = l.events.find((e) => e.event === 'rejected')!.data;
    expect(rejected.reason).toMatch(/anonymous_id/);
    expect(rejected.payload).toContain(bad.event_id as string);
    l.close();
  });

  it('shows a new listener the recent events of its site only, and refuses listeners over LIVE_MAX_LISTENERS with 503', async () => {
    h = await start({ adminToken: TOKEN, liveMaxListeners: 1 });
    const mine = event({ action: 'Page viewed' });
    await h.post(batch([event({ site_id: 'other' }), mine]));
    const l = await listen(live());
    await waitFor(() => l.events.length, (n) => n >= 1);
    expect(l.events.map((e) => e.data.row.event_id)).toEqual([mine.event_id]);
    const second = await fetch(live(), { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('30');
    expect((await second.json()).error).toMatch(/LIVE_MAX_LISTENERS/);
    l.close();
  });

  it('narrows the stream to one visitor with ?anonymous_id= (events replayed, live, and rejected ones as sent), and refuses a bad one', async () => {
    h = await start({ adminToken: TOKEN });
    const before = event({ anonymous_id: 'marketer', action: 'Before' });
    await h.post(batch([event({ anonymous_id: 'visitor', action: 'Theirs' }), before]));
    const mine = await listen(`${live()}?anonymous_id=marketer`);
    const all = await listen(live());
    expect(mine.res.status).toBe(200);
    await waitFor(() => all.events.length, (n) => n >= 2);
    const now = event({ anonymous_id: 'marketer', action: 'Mine' });
    const bad = event({ anonymous_id: 'marketer', event_id: 'not-a-uuid' });
    await h.post(batch([event({ anonymous_id: 'visitor', action: 'Theirs again' }), now, bad]));
    await waitFor(() => all.events.length, (n) => n >= 5);
    await waitFor(() => mine.events.length, (n) => n >= 3);
    expect(mine.events.map((e) => e.data.row?.action ?? e.data.status)).toEqual(['Before', 'Mine', 'rejected']);
    expect(all.events.map((e) => e.data.row?.action ?? e.data.status)).toEqual(['Theirs', 'Before', 'Theirs again', 'Mine', 'rejected']);
    mine.close();
    all.close();
    for (const q of ['anonymous_id=', `anonymous_id=${'x'.repeat(129)}`, 'anonymous_id=a&anonymous_id=b']) {
      const res = await fetch(`${live()}?${q}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(/anonymous_id/);
    }
  });

  it('keeps only the last LIVE_BUFFER_EVENTS events for a new listener', async () => {
    h = await start({ adminToken: TOKEN, liveBufferEvents: 2 });
    const sent = [event(), event(), event()];
    await h.post(batch(sent));
    const l = await listen(live());
    await waitFor(() => l.events.length, (n) => n >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(l.events.map((e) => e.data.row.event_id)).toEqual([sent[1].event_id, sent[2].event_id]);
    l.close();
  });

  it('counts the last LIVE_BUFFER_EVENTS across commits and sites, oldest first', async () => {
    h = await start({ adminToken: TOKEN, liveBufferEvents: 3 });
    const commits = [[event(), event()], [event(), event({ site_id: 'other' })], [event(), event()]];
    for (const c of commits) await h.post(batch(c));
    const l = await listen(live());
    await waitFor(() => l.events.length, (n) => n >= 2);
    await new Promise((r) => setTimeout(r, 200));
    // the last three are the 'other' event and the last commit's two: shop's are those two
    expect(l.events.map((e) => e.data.row.event_id)).toEqual([commits[2][0].event_id, commits[2][1].event_id]);
    l.close();
  });

  it('shows the last LIVE_BUFFER_EVENTS as stored while the copies of older commits are reused for newer ones', async () => {
    h = await start({ adminToken: TOKEN, liveBufferEvents: 4 });
    const sent: Record<string, unknown>[] = [];
    for (let c = 0; c < 8; c++) {
      // commits of 1–3 events and of different sizes, so buffers are reused for larger and smaller copies
      const events = Array.from({ length: 1 + (c % 3) }, () => event({ action: `Commit ${c}`, action_type: 'custom', attributes: { filler: 'x'.repeat(500 * ((c * 7) % 5)) } }));
      await h.post(batch(events));
      sent.push(...events);
    }
    const l = await listen(live());
    await waitFor(() => l.events.length, (n) => n >= 4);
    await new Promise((r) => setTimeout(r, 200));
    expect(l.events.map((e) => [e.data.row.event_id, e.data.row.action])).toEqual(sent.slice(-4).map((e) => [e.event_id, e.action]));
    l.close();
  });

  it('shows a new listener its events as stored, after later writes reused the spool\'s buffers', async () => {
    h = await start({ adminToken: TOKEN });
    const mine = [event({ action: 'Page viewed' }), event({ action: 'Signed up', action_type: 'custom' })];
    await h.post(batch(mine));
    // each of these commits is written into a buffer an earlier commit used
    for (let i = 0; i < 4; i++) await h.post(batch([event({ site_id: 'other', attributes: { filler: 'x'.repeat(3000) } })]));
    const l = await listen(live());
    await waitFor(() => l.events.length, (n) => n >= 2);
    expect(l.events.map((e) => [e.data.row.event_id, e.data.row.action])).toEqual(mine.map((e) => [e.event_id, e.action]));
    l.close();
  });

  it('drops a listener that never reads instead of slowing ingest: every batch is answered', async () => {
    h = await start({ adminToken: TOKEN, liveMaxQueuedBytes: 64 * 1024 });
    // a client that sends the request and then never reads its socket
    const { port } = new URL(h.url);
    const sock = net.connect(Number(port), '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    sock.write(`GET /v1/sites/shop/live HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`);
    await waitFor(() => h.collector.live.listeners, (n) => n === 1);
    sock.pause();
    // ~8 MB of events, far more than the socket buffers hold
    const attributes = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'x'.repeat(2000)]));
    for (let b = 0; b < 10; b++) {
      const res = await h.post(batch(Array.from({ length: 10 }, () => event({ action: 'Big', action_type: 'custom', attributes }))));
      expect(res.status).toBe(200);
      expect((await res.json()).accepted).toBe(10);
    }
    await waitFor(() => h.collector.live.listeners, (n) => n === 0);
    expect(h.collector.live.droppedTotal).toBe(1);
    expect(await metricValue(h.url, 'actionlake_live_listeners_dropped_total')).toBe(1);
    sock.destroy();
  });
});
