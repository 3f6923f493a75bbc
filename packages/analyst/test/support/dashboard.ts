/**
 * The dashboard's demo lake and a real `actionlake serve` over it, shared by the API test
 * (test/serve.test.ts) and the browser test (tests/e2e/dashboard.spec.ts): known journeys through
 * the real collector (./journeys.ts), `actionlake build`, then the built CLI (bin/actionlake.js,
 * so `npm run build` first) started as its own process on port 0, the URL read from its line.
 *
 * The journeys: site `shop` over the last 20 days — Paid Social, Organic Search, Email, Direct and
 * Referral visits, orders with products (EUR), sign-ups as conversions — and a second site `blog`
 * with a few visits and no conversion (the site picker, and the empty states).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PHONE_UA, Shop } from './journeys';

export const DASHBOARD_TOKEN = 'dashboard-editor-token';
export const ORDER = 'Order completed';
const GOOGLE = 'https://www.google.com/';
const FB_AD = { utm: { source: 'facebook', medium: 'paid', campaign: 'winter' }, click_ids: { fbclid: 'IwAR-ad-1' }, referrer: 'https://l.facebook.com/' };
const NEWSLETTER = { utm: { source: 'newsletter', medium: 'email', campaign: 'nov' } };
const SHOE = { id: 'sku-1', name: 'Trail shoe', price: 59.9, currency: 'EUR', quantity: 1 };
const SOCK = { id: 'sku-2', name: 'Sock', price: 10, currency: 'EUR', quantity: 2 };

/** Sends the journeys and builds the tables; the caller removes the lake (`shop.remove()`). */
export async function demoLake(): Promise<Shop> {
  const shop = await Shop.open();
  shop.writeModel({ conversions: [ORDER], lookback_days: 30 });
  await shop.defineAction('signup-button', { name: 'Signed up', selector: 'button.signup', conversion: true });
  for (let i = 0; i < 10; i++) {
    const at = 18 - i * 1.7; // one buyer every ~2 days
    const anon = `buyer-${i}`;
    const first = i % 3 === 0 ? { ...FB_AD, ua: PHONE_UA } : i % 3 === 1 ? { referrer: GOOGLE } : NEWSLETTER;
    await shop.send(
      { anon, session: `${anon}-1`, at, path: '/products', ...first },
      { anon, session: `${anon}-1`, at: at - 0.001, path: '/products/trail-shoe', action: 'Product viewed', products: [SHOE] },
      { anon, session: `${anon}-2`, at: at - 0.5, path: '/', ...(i % 2 ? {} : { referrer: 'https://blog.example/' }) },
      { anon, session: `${anon}-2`, at: at - 0.501, path: '/cart', action: 'Product added', products: [SHOE] },
      { anon, session: `${anon}-2`, at: at - 0.502, path: '/checkout', user_id: `user-${i}`, action: ORDER, products: i % 2 ? [SHOE] : [SHOE, SOCK] },
    );
  }
  for (let i = 0; i < 12; i++) {
    const anon = `looker-${i}`;
    const at = 19 - i * 1.5;
    await shop.send(
      { anon, session: `${anon}-1`, at, path: '/', ...(i % 2 ? { referrer: GOOGLE } : {}) },
      { anon, session: `${anon}-1`, at: at - 0.001, path: '/products/trail-shoe', action: 'Product viewed', products: [SHOE] },
    );
    if (i % 4 === 0) await shop.send({ anon, session: `${anon}-1`, at: at - 0.002, path: '/', ...NEWSLETTER, action: 'Signed up', action_type: 'click' });
  }
  for (let i = 0; i < 4; i++) await shop.send({ site: 'blog', anon: `reader-${i}`, session: `reader-${i}`, at: 10 - i * 2, path: '/post', referrer: GOOGLE });
  await shop.close();
  const built = await shop.actionlake('build');
  if (built.code !== 0) throw new Error(`build failed: ${built.stderr}`);
  return shop;
}

export interface Served {
  url: string;
  proc: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

const BIN = path.resolve(__dirname, '../../bin/actionlake.js');

/** `actionlake serve --port 0 --lake <lake>` (or `--s3 s3://…`) as its own process; resolves once it says where it is. */
export function serve(lake: string, env: Record<string, string> = {}, args: string[] = []): Promise<Served> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', lake.startsWith('s3://') ? '--s3' : '--lake', lake, ...args], {
    env: { ...process.env, ADMIN_TOKEN: DASHBOARD_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 30_000);
    proc.once('exit', (code) => reject(new Error(`serve exited (${code}): ${err}${out}`)));
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /is at (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1],
        proc,
        stderr: () => err,
        stop: () =>
          new Promise<void>((done) => {
            if (proc.exitCode !== null) return done();
            proc.once('exit', () => done());
            proc.kill('SIGTERM');
          }),
      });
    });
  });
}
