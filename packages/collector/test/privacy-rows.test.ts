/** Every lake row carries `bot` and `consent` (contract §8), through a real collector on a real port. */
import { batch, event, lakeRows, start, type Harness } from './support/harness';

const GPTBOT = 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('bot and consent on lake rows', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({ collectorId: 'c-privacy' });
  });
  afterAll(() => h.stop());

  const rowsById = async () => {
    await h.collector.flush();
    return new Map(lakeRows(h.lakeDir, 'events/').map((r) => [r.row.event_id, r.row]));
  };

  it('classifies by user agent and by the page signals, and keeps every row', async () => {
    const ai = event();
    const person = event();
    const driven = event({ bot_signals: ['webdriver'] });
    expect((await h.post(batch([ai]), { 'user-agent': GPTBOT })).status).toBe(200);
    const res = await h.post(batch([person, driven]), { 'user-agent': CHROME });
    expect(await res.json()).toEqual({ accepted: 2, rejected: 0, errors: [] });
    const rows = await rowsById();
    expect(rows.get(ai.event_id)!.bot).toEqual({ is_bot: true, class: 'ai_agent', reasons: ['ua:GPTBot'] });
    expect(rows.get(person.event_id)!.bot).toEqual({ is_bot: false, class: null, reasons: [] });
    expect(rows.get(driven.event_id)!.bot).toEqual({ is_bot: true, class: 'automation', reasons: ['page:webdriver'] });
  });

  it('stores the consent the page sent, and granted/default for an SDK that sends none', async () => {
    const sent = event({ consent: { state: 'pending', gpc: true, source: 'default' } });
    const old = event();
    expect((await h.post(batch([sent, old]))).status).toBe(200);
    const rows = await rowsById();
    expect(rows.get(sent.event_id)!.consent).toEqual({ state: 'pending', gpc: true, source: 'default' });
    expect(rows.get(old.event_id)!.consent).toEqual({ state: 'granted', gpc: false, source: 'default' });
  });

  it('accepts the Consent changed event and refuses a malformed consent or signal with a clear reason', async () => {
    const changed = event({ action: 'Consent changed', action_type: 'consent', consent: { state: 'granted', gpc: false, source: 'site' } });
    const badState = event({ consent: { state: 'maybe', gpc: false, source: 'site' } });
    const badSignal = event({ bot_signals: ['Web Driver!'] });
    const res = await h.post(batch([changed, badState, badSignal]));
    const body = await res.json();
    expect(body.accepted).toBe(1);
    expect(body.errors.map((e: { index: number }) => e.index)).toEqual([1, 2]);
    expect(body.errors[0].reason).toMatch(/events\[1\]\.consent\.state must be one of "granted", "denied", "pending"/);
    expect(body.errors[1].reason).toMatch(/events\[2\]\.bot_signals\[0\] must match pattern/);
    const rows = await rowsById();
    expect(rows.get(changed.event_id)!.action_type).toBe('consent');
  });
});
