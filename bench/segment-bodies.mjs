// Request bodies of the server API for the benchmark (server-api.mjs): Segment messages as
// @segment/analytics-node sends them, carrying what bodies.mjs's page events carry (the page, the
// campaign, the click id, the product, the element, the visitor's address and browser as context),
// each with a fresh messageId, so that dedup never short-cuts the work. A batch is
// `{"batch": [...], "writeKey", "sentAt"}` for /v1/batch; one message alone is a /v1/track body.
import { UAS, IPS } from './bodies.mjs';

const PAGE = { url: 'https://shop.example/bikes?utm_source=google&gclid=Cj0KCQiA-bench', path: '/bikes', title: 'Bikes — Moto Mart', referrer: 'https://www.google.com/' };

function messageTemplate(i) {
  const page = i % 3 === 0;
  return {
    type: page ? 'page' : 'track',
    ...(page ? { name: 'Bikes' } : { event: 'Element clicked' }),
    anonymousId: `anon-${i % 17}`,
    userId: null,
    messageId: '@ID@',
    timestamp: '@TS@',
    properties: page
      ? { ...PAGE, visitor_type: i % 2 ? 'new' : 'returning' }
      : { element: { tag: 'button', text: 'Add to cart', selector: 'li.product-card > button.buy' }, products: [{ name: 'Duke 200', price: 78990, currency: 'INR', brand: 'KTM' }], visitor_type: i % 2 ? 'new' : 'returning' },
    context: {
      ip: IPS[i % IPS.length],
      userAgent: UAS[i % UAS.length],
      page: PAGE,
      campaign: { source: 'google', medium: 'cpc', name: 'diwali_sale' },
      locale: 'en-IN',
      screen: { width: 1920, height: 1080 },
      library: { name: '@segment/analytics-node', version: '3.1.0' },
    },
    integrations: {},
  };
}

/** The n-th body of `size` messages (1: a single track call), each messageId unique per maker. */
export function segmentBodyMaker(size, writeKey) {
  const messages = Array.from({ length: size }, (_, i) => messageTemplate(size === 1 ? 1 : i));
  const text = size === 1 ? JSON.stringify(messages[0]) : JSON.stringify({ batch: messages, writeKey, sentAt: '@TS@' });
  const parts = text.split('@ID@');
  const prefix = Math.floor(Math.random() * 0xffffffff).toString(16);
  let counter = 0;
  return () => {
    const now = new Date().toISOString();
    let out = parts[0];
    for (let i = 1; i < parts.length; i++) out += `node-next-${prefix}-${(counter++).toString(36)}` + parts[i];
    return out.replaceAll('@TS@', now);
  };
}

export function segmentHeadersFor(writeKey) {
  const auth = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
  return () => ({ 'content-type': 'application/json', 'user-agent': 'analytics-node-next/latest', authorization: auth });
}
