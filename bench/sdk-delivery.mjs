// sdk.js delivery in real Chromium (issue 11): how many clicks reach the collector, how soon, how
// often twice, and what the script costs the page. `node bench/sdk-delivery.mjs [runs]` after
// `npm run build`. Compares builds in one run, interleaved: the current packages/sdk/dist/sdk.js
// ("now") and, when given, SDK_BEFORE=/path/to/old/sdk.js ("before"); "none" (no SDK) is the floor
// for main-thread time.
//
// Scenarios, each in a fresh browser context:
//   storm  500 clicks in ~5 s on a page of 24 product cards, then the page is closed: clicks at the
//          collector by close + 10 s, duplicates, p50 click → collector, main thread per click.
//   tabs   3 tabs × 200 clicks (round robin), then all closed: arrived by close + 10 s; then a later
//          visit (a new tab) and 10 s more: arrived in all, duplicates.
//   start  a fresh page load traced: EvaluateScript of sdk.js, wall and main-thread CPU (ms); "none"
//          loads a one-line script instead, the floor of the measurement on this machine.
// A counting proxy in front of the real collector records every event id of every request (with
// batch-level fields expanded), so a repeat is seen even when the collector drops it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.argv[2] || process.env.RUNS || 3);
const STORM = Number(process.env.STORM_CLICKS || 500);
const TAB_CLICKS = Number(process.env.TAB_CLICKS || 200);
const AFTER_CLOSE_MS = 10_000;
/** fresh page loads traced per run and build (`start`) */
const START_LOADS = Number(process.env.START_LOADS || 4);

const variants = { now: fs.readFileSync(path.join(root, 'packages/sdk/dist/sdk.js')) };
if (process.env.SDK_BEFORE) variants.before = fs.readFileSync(process.env.SDK_BEFORE);
const names = Object.keys(variants);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () => new Promise((resolve) => {
  const s = http.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});

async function startCollector() {
  const port = await freePort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'al-bench-sdk-'));
  const proc = spawn(process.execPath, [path.join(root, 'packages/collector/dist/server.js')], {
    env: { ...process.env, PORT: String(port), LAKE_DIR: path.join(tmp, 'lake'), SPOOL_DIR: path.join(tmp, 'spool'), LOG_LEVEL: 'warn', RATE_LIMIT_RPS: '1000', RATE_LIMIT_BURST: '5000' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${url}/healthz`)).ok) break; } catch { /* starting */ }
    await sleep(100);
  }
  const exited = new Promise((r) => proc.once('exit', r));
  return { url, stop: async () => { proc.kill('SIGTERM'); await exited; fs.rmSync(tmp, { recursive: true, force: true }); } };
}

/** Forwards to the collector; records, per event id, how often and when (first) it arrived. */
async function startCountingProxy(target) {
  const t = new URL(target);
  const seen = new Map();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && req.url.startsWith('/v1/batch')) {
        try {
          const b = JSON.parse(body.toString('utf8'));
          for (const e of b.events || []) {
            const ev = { ...(b.common || {}), ...e };
            const s = seen.get(ev.event_id);
            if (s) s.n++;
            else seen.set(ev.event_id, { n: 1, at: Date.now(), ev });
          }
        } catch { /* not ours */ }
      }
      const up = http.request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, host: t.host } }, (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      });
      up.on('error', () => { res.writeHead(502); res.end(); });
      up.end(body);
    });
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}`, seen, close: () => server.close() };
}

const CARDS = Array.from({ length: 24 }, (_, i) => `<div class="product-card" style="display:inline-block;width:150px;height:90px">
<h2 class="title">Bike ${i + 1}</h2><span class="price">₹${(i + 1) * 1000}</span><button class="buy" id="b${i}">Add to cart</button></div>`).join('');

async function startSite(collectorUrl) {
  const server = http.createServer((req, res) => {
    const [p, q] = (req.url || '/').split('?');
    const v = new URLSearchParams(q || '').get('v') || 'none';
    if (p.startsWith('/sdk-')) {
      res.writeHead(200, { 'content-type': 'application/javascript' });
      return res.end(variants[p.slice(5, -3)] || ONE_LINE);
    }
    const floor = v === 'none' && p === '/start';
    const tag = v === 'none' && !floor ? '' : `<script async src="/sdk-${v}.js" data-site="bench" data-collector="${collectorUrl}"></script>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Bikes</title>${tag}</head><body>${CARDS}</body></html>`);
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}`, close: () => { server.closeAllConnections(); server.close(); } };
}

/** The floor of `start`: a script that only defines the API sdk.js would. */
const ONE_LINE = 'window.actionlake={track(){}};';

const clicksOf = (seen, tag) => [...seen.values()].filter((s) => s.ev.action === 'Element clicked' && s.ev.page?.url?.includes(tag));

async function loaded(page, v) {
  if (v !== 'none') await page.waitForFunction(() => typeof window.actionlake?.track === 'function');
}

async function buttons(page) {
  return page.$$eval('button.buy', (bs) => bs.map((b) => { const r = b.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }));
}

function traceEvents(buf) {
  const j = JSON.parse(buf.toString('utf8'));
  return j.traceEvents || j;
}

async function storm(browser, site, proxy, v, run) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const tag = `storm-${v}-${run}`;
  await page.goto(`${site.url}/${tag}?v=${v}`);
  await loaded(page, v);
  await sleep(1500);
  const pos = await buttons(page);
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const t0 = Date.now();
  for (let i = 0; i < STORM; i++) {
    const [x, y] = pos[i % pos.length];
    await page.mouse.click(x, y);
    const due = t0 + ((i + 1) * 5000) / STORM;
    if (due > Date.now()) await sleep(due - Date.now());
  }
  const trace = traceEvents(await browser.stopTracing());
  const main = trace.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && trace.some((x) => x.pid === e.pid && x.name === 'EventDispatch' && x.args?.data?.type === 'click'));
  const onMain = trace.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const busyMs = onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask').reduce((a, e) => a + (e.dur || 0), 0) / 1000;
  const closedAt = Date.now();
  await page.close();
  await sleep(AFTER_CLOSE_MS);
  const clicks = clicksOf(proxy.seen, tag);
  const lat = clicks.map((s) => s.at - Date.parse(s.ev.triggered_at)).sort((a, b) => a - b);
  await ctx.close();
  return {
    arrived: clicks.filter((s) => s.at <= closedAt + AFTER_CLOSE_MS).length,
    dups: clicks.reduce((a, s) => a + s.n - 1, 0),
    p50: lat.length ? lat[Math.floor(lat.length / 2)] : null,
    mainMsPerClick: busyMs / STORM,
  };
}

async function tabs(browser, site, proxy, v, run) {
  const ctx = await browser.newContext();
  const tag = `tabs-${v}-${run}`;
  const pages = [];
  for (let i = 0; i < 3; i++) {
    const p = await ctx.newPage();
    await p.goto(`${site.url}/${tag}/t${i}?v=${v}`);
    await loaded(p, v);
    pages.push(p);
  }
  const pos = await buttons(pages[0]);
  for (let k = 0; k < TAB_CLICKS; k++) {
    for (const p of pages) await p.mouse.click(...pos[k % pos.length]);
  }
  const closedAt = Date.now();
  await Promise.all(pages.map((p) => p.close()));
  await sleep(AFTER_CLOSE_MS);
  const byClose = clicksOf(proxy.seen, tag).filter((s) => s.at <= closedAt + AFTER_CLOSE_MS).length;
  const dupsByClose = clicksOf(proxy.seen, tag).reduce((a, s) => a + s.n - 1, 0);
  const later = await ctx.newPage();
  await later.goto(`${site.url}/${tag}/later?v=${v}`);
  await loaded(later, v);
  await sleep(AFTER_CLOSE_MS);
  const clicks = clicksOf(proxy.seen, tag);
  await ctx.close();
  return { byClose, all: clicks.length, dups: clicks.reduce((a, s) => a + s.n - 1, 0), dupsByClose };
}

async function start(browser, site, v) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await browser.startTracing(page, { categories: ['devtools.timeline', 'v8.execute'] });
  await page.goto(`${site.url}/start?v=${v}`);
  await loaded(page, v);
  await sleep(500);
  const trace = traceEvents(await browser.stopTracing());
  const evals = trace.filter((e) => e.name === 'EvaluateScript' && String(e.args?.data?.url || '').includes('/sdk-'));
  const sum = (key) => evals.reduce((a, e) => a + (e[key] || 0), 0) / 1000;
  await ctx.close();
  // wall time, and the main thread's CPU time (`tdur`): on 2 shared cores the renderer waits for
  // the browser's other threads during a page load, so wall time can be several times the CPU
  return { wall: sum('dur'), cpu: sum('tdur') };
}

const range = (xs, d = 0) => {
  const v = xs.filter((x) => x !== null && x !== undefined);
  if (!v.length) return '-';
  const lo = Math.min(...v), hi = Math.max(...v);
  return lo === hi ? lo.toFixed(d) : `${lo.toFixed(d)} – ${hi.toFixed(d)}`;
};

/** "median (low – high)": the start's wall time has a long tail on a shared machine */
const spread = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length ? `${v[v.length >> 1].toFixed(1)} (${range(v, 1)})` : '-';
};

async function main() {
  const collector = await startCollector();
  const proxy = await startCountingProxy(collector.url);
  const site = await startSite(proxy.url);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const out = {};
  for (const v of [...names, 'none']) out[v] = { storm: [], tabs: [], start: [] };
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const v of run % 2 ? [...names].reverse() : names) {
        for (let k = 0; k < START_LOADS; k++) out[v].start.push(await start(browser, site, v));
        out[v].storm.push(await storm(browser, site, proxy, v, run));
        out[v].tabs.push(await tabs(browser, site, proxy, v, run));
        console.error(v, run, JSON.stringify({ start: out[v].start.at(-1), storm: out[v].storm.at(-1), tabs: out[v].tabs.at(-1) }));
      }
      for (let k = 0; k < START_LOADS; k++) out.none.start.push(await start(browser, site, 'none'));
      out.none.storm.push(await storm(browser, site, proxy, 'none', run));
    }
  } finally {
    await browser.close();
    site.close();
    proxy.close();
    await collector.stop();
  }
  console.log(`| sdk.js | storm ${STORM}: arrived by close+10 s | dup | p50 click→collector ms | main ms/click | tabs 3×${TAB_CLICKS}: by close+10 s | after a later visit | dup | EvaluateScript ms: median (range) |`);
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const v of names) {
    const r = out[v];
    console.log(`| ${v} | ${range(r.storm.map((s) => s.arrived))} | ${range(r.storm.map((s) => s.dups))} | ${range(r.storm.map((s) => s.p50))} | ${range(r.storm.map((s) => s.mainMsPerClick), 2)} | ${range(r.tabs.map((t) => t.byClose))} | ${range(r.tabs.map((t) => t.all))} | ${range(r.tabs.map((t) => t.dups))} | ${spread(r.start.map((x) => x.wall))}; CPU ${spread(r.start.map((x) => x.cpu))} |`);
  }
  console.log(`| none (no SDK) | | | | ${range(out.none.storm.map((s) => s.mainMsPerClick), 2)} | | | | ${spread(out.none.start.map((x) => x.wall))}; CPU ${spread(out.none.start.map((x) => x.cpu))} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
