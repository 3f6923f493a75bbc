/**
 * A Segment batch within SERVER_MAX_CALL_BYTES with no backslash is stored without the per-message
 * span scan (server-api.ts): these are the cases the scan decided, whose rows and errors must not
 * change. A small batch with escapes still takes the general path; a batch just over the call limit
 * still measures each message by its bytes in the body; an oversize batch is still refused by name.
 */
import { lakeRows, start, tempDir, type Harness } from './support/harness';
import { writeSources } from './support/sources';

const WRITE_KEY = 'wk_small_batch_3e7a';
const CALL_LIMIT = 1_000;
const BATCH_LIMIT = 8_000;

jest.setTimeout(30_000);

describe('the server API: small batches without the span scan', () => {
  let h: Harness;
  const rows = async () => {
    await h.collector.flush();
    return new Map(lakeRows(h.lakeDir, 'events/').map((r) => [r.row.origin?.id as string, r.row]));
  };
  const post = (body: string) =>
    fetch(`${h.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}` }, body });

  beforeAll(async () => {
    const root = tempDir('server-api-small');
    const sourcesFile = writeSources(root, [{ id: 'backend', kind: 'server', site: 'shop', write_key: WRITE_KEY }]);
    h = await start({ sourcesFile, serverMaxCallBytes: CALL_LIMIT, serverMaxBatchBytes: BATCH_LIMIT });
  });
  afterAll(() => h.stop());

  it('stores a batch within the call limit with no backslash message by message, an invalid one refused by name', async () => {
    const body = JSON.stringify({ batch: [
      { type: 'track', userId: 'u-1', event: 'Order Completed', messageId: 'm-small-1', properties: { order_id: '7', revenue: 12.5, title: 'Café “Ü” 😀' } },
      { type: 'track', event: 'Orphan', messageId: 'm-small-orphan' },
      { type: 'identify', userId: 'u-1', messageId: 'm-small-2', traits: { plan: 'pro' } },
    ] });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(CALL_LIMIT);
    expect(body.includes('\\')).toBe(false);
    expect(await (await post(body)).json()).toEqual({ success: true, accepted: 2, rejected: 1, errors: [{ index: 1, reason: 'batch[1]: userId or anonymousId is required (no_user_anon_id)' }] });
    const byId = await rows();
    expect({ action: byId.get('m-small-1').action, title: byId.get('m-small-1').attributes.title, user: byId.get('m-small-1').user_id }).toEqual({ action: 'Order Completed', title: 'Café “Ü” 😀', user: 'u-1' });
    expect(byId.has('m-small-2')).toBe(true);
    expect(byId.has('m-small-orphan')).toBe(false);
  });

  it('stores escaped strings of a batch within the call limit as JSON.parse reads them, a lone surrogate as U+FFFD', async () => {
    const body = '{"batch": ['
      + '{"type": "track", "userId": "u-e", "event": "Plain", "messageId": "m-esc-plain", "properties": {"title": "Bikes"}},'
      + '{"type": "track", "userId": "u-e", "event": "V\\u00e9lo \\"Pro\\"", "messageId": "m-esc-quoted", "properties": {"title": "a\\\\b\\nc", "tab": "x\\ty"}},'
      + '{"type": "track", "userId": "u-e", "event": "Plain after", "messageId": "m-esc-after", "properties": {"title": "Cafe"}}'
      + ']}';
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(CALL_LIMIT);
    expect(await (await post(body)).json()).toMatchObject({ accepted: 3, rejected: 0 });
    // a lone surrogate in a batch of its own: the repair it needs would send the batch above down the general path
    expect(await (await post('{"batch": [{"type": "track", "userId": "u-e", "event": "Cut \\ud83d", "messageId": "m-esc-cut"}]}')).json()).toMatchObject({ accepted: 1, rejected: 0 });
    const byId = await rows();
    expect(byId.get('m-esc-quoted').action).toBe('Vélo "Pro"');
    expect(byId.get('m-esc-quoted').attributes).toMatchObject({ title: 'a\\b\nc', tab: 'x\ty' });
    expect(byId.get('m-esc-cut').action).toBe('Cut \ufffd');
    expect([byId.get('m-esc-plain').attributes.title, byId.get('m-esc-after').attributes.title]).toEqual(['Bikes', 'Cafe']);
  });

  it('measures each message of a batch just over the call limit by its bytes in the body, and refuses an oversize batch', async () => {
    // no backslash, and whitespace inside the first message: its bytes in the body are over the
    // limit, its compact JSON under it; the limit counts what was sent
    const spaced = `{"type": "track", "userId": "u-w", "event": "Spaced", "messageId": "m-spaced",${' '.repeat(CALL_LIMIT)}"properties": {"k": "v"}}`;
    const compact = Buffer.byteLength(JSON.stringify(JSON.parse(spaced)));
    expect(compact).toBeLessThan(CALL_LIMIT);
    const body = `{"batch": [${spaced}, {"type": "track", "userId": "u-w", "event": "Kept", "messageId": "m-kept"}]}`;
    expect(body.includes('\\')).toBe(false);
    const answer = await (await post(body)).json();
    expect(answer).toEqual({ success: true, accepted: 1, rejected: 1, errors: [{ index: 0, reason: `batch[0]: message is ${Buffer.byteLength(spaced)} bytes; the limit is ${CALL_LIMIT} (SERVER_MAX_CALL_BYTES)` }] });

    // a batch of exactly the call limit: its one message is within it by construction
    const one = `{"batch": [{"type": "track", "userId": "u-w", "event": "Exact", "messageId": "m-exact", "properties": {"pad": "PAD"}}]}`;
    const exact = one.replace('PAD', 'p'.repeat(CALL_LIMIT - Buffer.byteLength(one) + 3));
    expect(Buffer.byteLength(exact)).toBe(CALL_LIMIT);
    expect(await (await post(exact)).json()).toMatchObject({ accepted: 1, rejected: 0 });

    const over = await post(`{"batch": [{"type": "track", "userId": "u-w", "event": "Huge", "messageId": "m-huge", "properties": {"pad": "${'h'.repeat(BATCH_LIMIT)}"}}]}`);
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ error: `body is larger than ${BATCH_LIMIT} bytes (SERVER_MAX_BATCH_BYTES)` });

    const byId = await rows();
    expect([byId.has('m-spaced'), byId.has('m-kept'), byId.get('m-exact')?.attributes.pad.length, byId.has('m-huge')]).toEqual([false, true, CALL_LIMIT - Buffer.byteLength(one) + 3, false]);
  });
});
