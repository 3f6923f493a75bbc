// Request bodies for the throughput benchmark: realistic WireEvents with a unique event_id each,
// so the collector's dedup never short-cuts the work.
export const UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
];
export const IPS = ['81.2.69.142', '8.8.8.8', '2001:4860:4860::8888', '49.36.12.10', '103.21.244.1'];

function eventTemplate(i) {
  return {
    event_id: '@ID@',
    site_id: 'bench',
    action: i % 3 === 0 ? 'Page viewed' : 'Element clicked',
    action_type: i % 3 === 0 ? 'pageview' : 'click',
    triggered_at: '@TS@',
    anonymous_id: `anon-${i % 17}`,
    session_id: `sess-${i % 23}`,
    user_id: null,
    visitor_type: i % 2 ? 'new' : 'returning',
    page: { url: 'https://shop.example/bikes?utm_source=google', path: '/bikes', title: 'Bikes — Moto Mart', referrer: 'https://www.google.com/' },
    utm: { source: 'google', medium: 'cpc', campaign: 'diwali_sale' },
    click_ids: { gclid: 'Cj0KCQiA-bench' },
    element: { tag: 'button', text: 'Add to cart', selector: 'li.product-card > button.buy', classes: ['buy'] },
    products: [{ name: 'Duke 200', price: 78990, currency: 'INR', brand: 'KTM' }],
    device: { screen_width: 1920, screen_height: 1080, viewport_width: 1280, viewport_height: 720, language: 'en-IN', timezone: 'Asia/Kolkata' },
  };
}

/**
 * Returns a function making the n-th body of `size` events, each with a fresh UUID-shaped id: the
 * first group is random per maker (never `ffffffff`, the ids run.mjs fills the dedup window with),
 * so two loads on one collector never repeat an id (a repeat is answered 2xx without being stored).
 */
export function bodyMaker(size) {
  const text = JSON.stringify({ sent_at: '@TS@', events: Array.from({ length: size }, (_, i) => eventTemplate(i)) });
  const parts = text.split('@ID@');
  const prefix = Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0');
  let counter = 0;
  return () => {
    const now = new Date().toISOString();
    let out = parts[0];
    for (let i = 1; i < parts.length; i++) {
      const hex = (counter++).toString(16).padStart(12, '0');
      out += `${prefix}-0000-4000-8000-${hex}` + parts[i];
    }
    return out.replaceAll('@TS@', now);
  };
}

export function headersFor(n) {
  return { 'content-type': 'text/plain', 'user-agent': UAS[n % UAS.length], 'x-forwarded-for': IPS[n % IPS.length] };
}
