/**
 * Stripe's webhook adapter: `Stripe-Signature` made by Stripe's own library (any v1, 300 s both
 * ways), checkout.session.completed as an order in major units (zero-decimal JPY not divided),
 * charge.refunded as a refund, other types kept under their names, bad bodies named.
 * Bodies: stripe-mock's fixtures3.json resources (test/fixtures/webhooks/README.md).
 */
import { createHmac } from 'node:crypto';
import { stripe, STRIPE_TOLERANCE_SECONDS } from '../src/sources/vendors/stripe';
import { WebhookBodyError, type Source } from '../src/sources/types';
import { fixtureJson, hookRequest, stripeEvent, stripeHeader } from './support/webhooks';

const SECRET = 'whsec_test_actionlake';
const source: Source = { id: 'pay', kind: 'stripe', site: 'shop', secret: SECRET };
const NOW = new Date('2026-03-01T12:00:00Z');
const nowS = NOW.getTime() / 1000;
const signed = (body: string, t = nowS, secret = SECRET) => hookRequest(body, { 'Stripe-Signature': stripeHeader(body, secret, t) }, { now: NOW });

/** the fields of a completed session that stripe-mock's open session leaves null */
const completed = { status: 'complete', payment_status: 'paid', amount_subtotal: 2500, amount_total: 2500, currency: 'usd' };

describe('Stripe-Signature', () => {
  const body = stripeEvent('checkout.session.completed', 'checkout.session', completed);

  it("accepts the header Stripe's library makes for the raw body", () => {
    expect(stripe.verify(source, signed(body))).toEqual({ ok: true });
  });

  it('refuses a delivery 6 minutes old, or 6 minutes ahead; accepts one at the 5-minute edge', () => {
    expect(stripe.verify(source, signed(body, nowS - 360))).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/^stale timestamp/) });
    expect(stripe.verify(source, signed(body, nowS + 360))).toMatchObject({ ok: false, status: 401 });
    expect(stripe.verify(source, signed(body, nowS - STRIPE_TOLERANCE_SECONDS))).toEqual({ ok: true });
    expect(stripe.verify(source, signed(body, nowS - STRIPE_TOLERANCE_SECONDS - 1))).toMatchObject({ ok: false, status: 401 });
    expect(stripe.verify({ ...source, tolerance_seconds: 600 }, signed(body, nowS - 360))).toEqual({ ok: true });
  });

  it('refuses another secret, a changed body, a missing or empty header: 401', () => {
    expect(stripe.verify(source, signed(body, nowS, 'whsec_other'))).toMatchObject({ ok: false, status: 401, reason: 'bad signature' });
    const req = signed(body);
    expect(stripe.verify(source, { ...req, raw: Buffer.from(body.replace('2500', '2501')) })).toMatchObject({ ok: false, status: 401 });
    expect(stripe.verify(source, hookRequest(body, {}, { now: NOW }))).toMatchObject({ ok: false, status: 401, reason: 'missing Stripe-Signature header' });
    expect(stripe.verify(source, hookRequest(body, { 'Stripe-Signature': `t=${nowS}` }, { now: NOW }))).toMatchObject({ ok: false, status: 401 });
  });

  it('accepts the delivery when any v1 matches (a secret being rolled)', () => {
    const good = createHmac('sha256', SECRET).update(`${nowS}.${body}`).digest('hex');
    const header = `t=${nowS},v1=${'0'.repeat(64)},v1=${good},v0=${'1'.repeat(64)}`;
    expect(stripe.verify(source, hookRequest(body, { 'Stripe-Signature': header }, { now: NOW }))).toEqual({ ok: true });
  });
});

describe('Stripe events', () => {
  const parse = (body: string) => stripe.parse(source, signed(body));
  const resources = fixtureJson('stripe/fixtures3-resources.json');

  it('checkout.session.completed is an order: revenue in dollars, session id, email, the visitor from client_reference_id', () => {
    const [e] = parse(stripeEvent('checkout.session.completed', 'checkout.session', { ...completed, client_reference_id: 'anon-web-1', customer: 'cus_Q1' }));
    expect(e).toEqual({
      vendor_id: 'evt_1Pgc76B7WZ01zgkWwyRHS12y',
      action: 'Order completed',
      action_type: 'custom',
      vendor_event: 'checkout.session.completed',
      occurred_at: '2009-02-13T23:31:30.000Z',
      email: 'example@example.com',
      anonymous_id: 'anon-web-1',
      traits: { stripe_customer_id: 'cus_Q1' },
      attributes: {
        order_id: resources['checkout.session'].id,
        revenue: 25,
        currency: 'USD',
        subtotal: 25,
        payment_intent: 'pi_1PgafyB7WZ01zgkWSjxsAJo3',
        payment_status: 'paid',
        mode: 'payment',
        livemode: false,
      },
    });
  });

  it('a zero-decimal currency is not divided: 5000 jpy is ¥5000; 1999 usd is $19.99; 5124 kwd is 5.124', () => {
    const revenue = (amount: number, currency: string) =>
      parse(stripeEvent('checkout.session.completed', 'checkout.session', { ...completed, amount_total: amount, currency }))[0].attributes;
    expect(revenue(5000, 'jpy')).toMatchObject({ revenue: 5000, currency: 'JPY' });
    expect(revenue(50000, 'krw')).toMatchObject({ revenue: 50000, currency: 'KRW' });
    expect(revenue(1999, 'usd')).toMatchObject({ revenue: 19.99, currency: 'USD' });
    expect(revenue(5124, 'kwd')).toMatchObject({ revenue: 5.124, currency: 'KWD' });
  });

  it('metadata.actionlake_anonymous_id wins over client_reference_id', () => {
    const [e] = parse(stripeEvent('checkout.session.completed', 'checkout.session',
      { ...completed, client_reference_id: 'cart-77', metadata: { actionlake_anonymous_id: 'anon-web-2' } }));
    expect(e.anonymous_id).toBe('anon-web-2');
  });

  it('line items, when the event carries them expanded, are the products with quantities and unit prices', () => {
    const line_items = { object: 'list', data: [{ id: 'li_1', object: 'item', description: 'Snowboard', quantity: 2, amount_total: 3000, currency: 'jpy', price: { id: 'price_1', product: 'prod_QXg1hqf4jFNsqG', unit_amount: 1500, currency: 'jpy' } }] };
    const [e] = parse(stripeEvent('checkout.session.completed', 'checkout.session', { ...completed, currency: 'jpy', amount_total: 3000, line_items }));
    expect(e.products).toEqual([{ id: 'prod_QXg1hqf4jFNsqG', name: 'Snowboard', price: 1500, quantity: 2, currency: 'JPY' }]);
  });

  it('charge.refunded is a refund of the amount refunded so far, in major units', () => {
    const [e] = parse(stripeEvent('charge.refunded', 'charge', { amount_refunded: 100, refunded: true, receipt_email: 'Buyer@Example.com' }));
    expect(e).toEqual({
      vendor_id: 'evt_1Pgc76B7WZ01zgkWwyRHS12y',
      action: 'Payment refunded',
      action_type: 'custom',
      vendor_event: 'charge.refunded',
      occurred_at: '2009-02-13T23:31:30.000Z',
      email: 'Buyer@Example.com',
      anonymous_id: null,
      attributes: { charge_id: 'ch_1PgafuB7WZ01zgkWXYmPNZs8', amount: 1, charged: 1, currency: 'USD', fully_refunded: true, livemode: false },
    });
  });

  it("an event type we do not map (stripe-mock's own plan.created) is kept under its name", () => {
    const body = JSON.stringify(resources.event);
    const [e] = parse(body);
    expect(e).toMatchObject({ action: 'plan.created', vendor_event: 'plan.created', vendor_id: 'evt_1Pgc76B7WZ01zgkWwyRHS12y', attributes: { object: 'plan', object_id: 'price_1PgafmB7WZ01zgkW6dKueIc5' } });
  });

  it('a body that is not a Stripe Event is a WebhookBodyError', () => {
    expect(() => parse('{"id":"evt_1",')).toThrow(WebhookBodyError);
    expect(() => parse('[]')).toThrow(/not a JSON object/);
    expect(() => parse('{"object":"event"}')).toThrow(/not a Stripe Event/);
    expect(() => parse('{"id":"evt_1","type":"x.y","created":"yesterday"}')).toThrow(/"created"/);
  });
});
