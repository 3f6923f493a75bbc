// Load generator for bench/webhooks.mjs, in its own process (pinned to the other core):
//   node webhook-load.mjs URL KIND CONCURRENCY SECONDS
// KIND: `stripe` (Stripe's checkout.session.completed of stripe-mock's fixtures, a fresh event id and
// a fresh Stripe-Signature each), `sendgrid` (SendGrid's documented 11-event sample, each batch of a
// new message, signed with ECDSA P-256 by BENCH_SENDGRID_KEY, a PEM private key) or `browser` (one
// sdk.js event per /v1/batch request, bodies.mjs: the yardstick). Signing is the vendor's work, done
// here, not in the collector. Keeps CONCURRENCY requests in flight for SECONDS after a 1 s warm-up
// and prints one JSON line.
import { createHmac, createPrivateKey, sign } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bodyMaker, headersFor } from './bodies.mjs';

const [url, kind, concurrency, seconds] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '../packages/collector/test/fixtures/webhooks');
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const run = Math.floor(Math.random() * 0xffffffff).toString(16);
let n = 0;

/** kind -> () => { body, headers, events } */
function maker() {
  if (kind === 'stripe') {
    const r = JSON.parse(fs.readFileSync(path.join(fixtures, 'stripe/fixtures3-resources.json'), 'utf8'));
    const session = { ...r['checkout.session'], status: 'complete', payment_status: 'paid', amount_total: 2500, amount_subtotal: 2500, currency: 'usd', client_reference_id: 'anon-bench' };
    const text = JSON.stringify({ ...r.event, id: '@ID@', type: 'checkout.session.completed', data: { object: session } }, null, 2);
    const secret = process.env.BENCH_STRIPE_SECRET;
    return () => {
      const body = text.replace('@ID@', `evt_bench_${run}_${n++}`);
      const t = Math.floor(Date.now() / 1000);
      const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
      return { body, events: 1, headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': `t=${t},v1=${v1}` } };
    };
  }
  if (kind === 'sendgrid') {
    const sample = JSON.parse(fs.readFileSync(path.join(fixtures, 'sendgrid/event-sample.json'), 'utf8'));
    const key = createPrivateKey(process.env.BENCH_SENDGRID_KEY);
    return () => {
      const message = `bench${run}.${n++}`;
      const body = '[' + sample.map((e) => JSON.stringify({ ...e, sg_message_id: message })).join(',\r\n') + ']\r\n';
      const t = String(Math.floor(Date.now() / 1000));
      const signature = sign('sha256', Buffer.from(t + body), key).toString('base64');
      return { body, events: sample.length, headers: {
        'content-type': 'application/json', 'x-twilio-email-event-webhook-signature': signature, 'x-twilio-email-event-webhook-timestamp': t,
      } };
    };
  }
  const make = bodyMaker(1);
  return () => ({ body: make(), events: 1, headers: headersFor(n++) });
}

const make = maker();
const warmupEnd = Date.now() + 1000;
const end = warmupEnd + Number(seconds) * 1000;
let ok = 0, allOk = 0, failed = 0, events = 0, allEvents = 0;
const statuses = {};

function one() {
  return new Promise((resolve) => {
    const d = make();
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'POST', agent,
        headers: { ...d.headers, 'content-length': Buffer.byteLength(d.body) } },
      (res) => {
        res.resume();
        res.on('end', () => {
          const counted = Date.now() > warmupEnd;
          if (res.statusCode < 300) { allOk++; allEvents += d.events; }
          if (counted) {
            statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
            if (res.statusCode < 300) { ok++; events += d.events; } else failed++;
          }
          resolve();
        });
      },
    );
    req.on('error', () => { failed++; resolve(); });
    req.end(d.body);
  });
}

async function worker() {
  while (Date.now() < end) await one();
}

await Promise.all(Array.from({ length: Number(concurrency) }, worker));
console.log(JSON.stringify({ deliveries_per_s: ok / Number(seconds), events_per_s: events / Number(seconds), ok, all_ok: allOk, all_events: allEvents, failed, statuses }));
agent.destroy();
