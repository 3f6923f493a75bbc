/**
 * Shopify's webhook adapter: `X-Shopify-Hmac-Sha256` over the raw body; Shopify's sample order
 * (orders/create) with ids kept as the digits Shopify sent, products at their prices net of
 * discounts in the shop's money, revenue and the landing page's campaign; a refund (refunds/create);
 * other topics kept; bad bodies named.
 */
import { shopify, SHOPIFY_ANONYMOUS_ID_ATTRIBUTE } from '../src/sources/vendors/shopify';
import { WebhookBodyError, type Source } from '../src/sources/types';
import { fixtureText, hookRequest, shopifyHeaders } from './support/webhooks';

const SECRET = 'shpss_test_actionlake';
const source: Source = { id: 'store', kind: 'shopify', site: 'shop', secret: SECRET };
const ORDER = fixtureText('shopify/orders-create.json');
const REFUND = fixtureText('shopify/refunds-create.json');
const DISCOUNTED = fixtureText('shopify/orders-create-discounted.json');
const deliver = (body: string, topic = 'orders/create', id = 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043') => {
  const req = hookRequest(body, shopifyHeaders(body, SECRET, topic, id));
  expect(shopify.verify(source, req)).toEqual({ ok: true });
  return shopify.parse(source, req);
};

describe('X-Shopify-Hmac-Sha256', () => {
  it('accepts the HMAC of the raw body; refuses a changed body, another secret or no header: 401', () => {
    const headers = shopifyHeaders(ORDER, SECRET, 'orders/create', 'w1');
    expect(shopify.verify(source, hookRequest(ORDER, headers))).toEqual({ ok: true });
    expect(shopify.verify(source, hookRequest(ORDER.replace('1575.90', '1.00'), headers))).toMatchObject({ ok: false, status: 401, reason: 'bad signature' });
    expect(shopify.verify({ ...source, secret: 'other' }, hookRequest(ORDER, headers))).toMatchObject({ ok: false, status: 401 });
    const { 'X-Shopify-Hmac-Sha256': _, ...unsigned } = headers;
    expect(shopify.verify(source, hookRequest(ORDER, unsigned))).toMatchObject({ ok: false, status: 401, reason: 'missing X-Shopify-Hmac-Sha256 header' });
  });

  it('a re-serialized body (ids through a double) no longer verifies: the raw bytes are what is signed', () => {
    const headers = shopifyHeaders(ORDER, SECRET, 'orders/create', 'w1');
    expect(shopify.verify(source, hookRequest(JSON.stringify(JSON.parse(ORDER)), headers))).toMatchObject({ ok: false, status: 401 });
  });
});

describe('Shopify orders/create', () => {
  it("Shopify's sample order: order id and customer id exactly as sent, products, revenue in dollars", () => {
    const [e] = deliver(ORDER);
    expect(e).toEqual({
      vendor_id: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      action: 'Order completed',
      action_type: 'custom',
      vendor_event: 'orders/create',
      occurred_at: '2024-06-26T16:33:21.000Z',
      email: 'jon@example.com',
      anonymous_id: null,
      ip: null,
      user_agent: null,
      traits: { shopify_customer_id: '115310627314723954' },
      products: [
        // 885.95 and 699.95 less the sample's $20 total_discounts, which no line carries: spread pro
        // rata to the cent (11.17 + 8.83), so Σ price × quantity is 1565.90 (total_price 1575.90 − $10 shipping)
        { id: '9313716535612', name: 'The Videographer Snowboard', price: 874.78, currency: 'USD', quantity: 1, traits: { variant_id: '49121760117052' } },
        { id: '9313716601148', name: 'The Complete Snowboard', price: 691.12, currency: 'USD', quantity: 1, traits: { variant_id: '49121760182588' } },
      ],
      attributes: {
        order_id: '820982911946154508',
        order_name: '#9999',
        order_number: '1234',
        revenue: 1575.9,
        currency: 'USD',
        subtotal: 1575.9,
        tax: 0,
        shipping: 10,
        discount: 20,
        financial_status: 'voided',
        test: true,
      },
    });
    // what JSON.parse would have stored
    expect(String(JSON.parse(ORDER).id)).toBe('820982911946154500');
  });

  it("the landing page's UTMs and click ids, and the visitor's anonymous_id from the cart note attribute", () => {
    // the sample has landing_site null; these are values a storefront sends (sources.md §2.2)
    const order = ORDER
      .replace('"landing_site":null', '"landing_site":"/?utm_source=listmonk&utm_medium=email&utm_campaign=50OFF1"')
      .replace('"referring_site":null', '"referring_site":"https://www.google.com/"')
      .replace('"note_attributes":[]', `"note_attributes":[{"name":"gift","value":"no"},{"name":"${SHOPIFY_ANONYMOUS_ID_ATTRIBUTE}","value":"anon-web-1"}]`)
      .replace('"browser_ip":null', '"browser_ip":"81.2.69.142"');
    const [e] = deliver(order);
    expect(e.anonymous_id).toBe('anon-web-1');
    expect(e.utm).toEqual({ source: 'listmonk', medium: 'email', campaign: '50OFF1' });
    expect(e.page).toEqual({
      url: 'https://actionlake-demo.myshopify.com/?utm_source=listmonk&utm_medium=email&utm_campaign=50OFF1',
      path: '/',
      referrer: 'https://www.google.com/',
    });
    expect(e.ip).toBe('81.2.69.142');
    const [fb] = deliver(ORDER.replace('"landing_site":null', '"landing_site":"/products/board?fbclid=abc"'));
    expect(fb.click_ids).toEqual({ fbclid: 'abc' });
    expect(fb.utm).toBeUndefined();
    expect(fb.page?.path).toBe('/products/board');
  });

  it("a discounted multi-currency order: net unit prices from the lines' discount allocations, in the shop's USD, not the customer's EUR", () => {
    const [e] = deliver(DISCOUNTED);
    expect(e.products?.map((p) => [p.name, p.price, p.currency, p.quantity])).toEqual([
      ['The Videographer Snowboard', 878.2, 'USD', 1], // 885.95 − 7.75
      ['The Complete Snowboard', 693.825, 'USD', 2], // (2 × 699.95 − 12.25) / 2
    ]);
    const value = e.products!.reduce((sum, p) => sum + p.price! * p.quantity!, 0);
    expect(value).toBeCloseTo(2265.85, 9); // Shopify's subtotal_price: after discounts, before shipping
    expect(e.attributes).toMatchObject({ revenue: 2275.85, subtotal: 2265.85, discount: 20, shipping: 10, tax: 0, currency: 'USD' });
  });

  it('a discount that does not divide by the quantity, and one on shipping, leave Σ price × quantity at the goods after discounts', () => {
    // three units of one line with 10.00 off it; a free-shipping code allocated to the shipping line
    const order = JSON.parse(ORDER.replace(/:(\d{16,})/g, ':"$1"')); // ids as strings, to edit it as an object
    order.line_items = [{ ...order.line_items[0], quantity: 3, discount_allocations: [{ amount: '10.00', amount_set: { shop_money: { amount: '10.00', currency_code: 'USD' }, presentment_money: { amount: '9.20', currency_code: 'EUR' } }, discount_application_index: 0 }] }];
    order.shipping_lines[0].discount_allocations = [{ amount: '10.00', discount_application_index: 1 }];
    order.total_discounts = '20.00';
    order.total_discounts_set = { shop_money: { amount: '20.00', currency_code: 'USD' }, presentment_money: { amount: '18.40', currency_code: 'EUR' } };
    const [e] = deliver(JSON.stringify(order));
    expect(e.products).toHaveLength(1);
    expect(e.products![0].price! * 3).toBeCloseTo(3 * 885.95 - 10, 9);
  });

  it("a redelivery carries the same X-Shopify-Webhook-Id, so the same vendor id", () => {
    expect(deliver(ORDER, 'orders/create', 'same')[0].vendor_id).toBe(deliver(ORDER, 'orders/create', 'same')[0].vendor_id);
  });
});

describe('Shopify refunds/create and other topics', () => {
  it("Shopify's refund example: the refunded line items and the amount of its refund transactions", () => {
    const [e] = deliver(REFUND, 'refunds/create', 'w-refund');
    expect(e).toEqual({
      vendor_id: 'w-refund',
      action: 'Payment refunded',
      action_type: 'custom',
      vendor_event: 'refunds/create',
      occurred_at: '2016-06-20T17:35:06.000Z',
      products: [
        { id: '632910392', name: 'IPod Nano - 8gb', variant: 'black', price: 199, currency: 'USD', quantity: 1, traits: { sku: 'IPOD2008BLACK', variant_id: '457924702' } },
        { id: '632910392', name: 'IPod Nano - 8gb', variant: 'green', price: 199, currency: 'USD', quantity: 1, traits: { sku: 'IPOD2008GREEN', variant_id: '39072856' } },
      ],
      attributes: { order_id: '450789469', refund_id: '509562969', amount: 209, currency: 'USD' },
    });
  });

  it('a topic we do not map is kept under its name, at the resource time', () => {
    const [e] = deliver(ORDER, 'orders/updated', 'w-upd');
    expect(e).toMatchObject({ action: 'orders/updated', vendor_event: 'orders/updated', occurred_at: '2024-06-26T16:33:21.000Z', email: 'jon@example.com', attributes: { resource_id: '820982911946154508' } });
  });

  it('a body that is not JSON, or a delivery without a topic, is a WebhookBodyError', () => {
    expect(() => deliver('{"id":820982911946154508,', 'orders/create')).toThrow(WebhookBodyError);
    expect(() => deliver('{"id":1', 'orders/create')).toThrow(/^malformed JSON/);
    const headers = shopifyHeaders(ORDER, SECRET, 'orders/create', 'w1');
    delete headers['X-Shopify-Topic'];
    expect(() => shopify.parse(source, hookRequest(ORDER, headers))).toThrow(/missing X-Shopify-Topic/);
    expect(() => deliver('{"id":1,"created_at":"yesterday"}', 'orders/create')).toThrow(/"created_at" is missing or not an ISO-8601 time/);
  });
});

describe('ids kept as sent', () => {
  it('an order whose ids all fit a double reads the same by either parser; a 16-digit id over 2^53 is kept', () => {
    const small = ORDER.replace(/(\d{16,})/g, (d) => d.slice(0, 13));
    const [e] = deliver(small);
    expect(e.attributes?.order_id).toBe('8209829119461');
    expect(e.traits).toEqual({ shopify_customer_id: '1153106273147' });
    const [big] = deliver(ORDER.replace('"id":820982911946154508', '"id":9007199254740993'));
    expect(big.attributes?.order_id).toBe('9007199254740993');
  });
});
