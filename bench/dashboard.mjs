// `actionlake serve` on a built lake (default: the analyst benchmark's 1M-event lake,
// bench/results/analyst-lake-1000000, built by `node bench/analyst.mjs` or `actionlake build`):
// each /api answer warm (after one cold call, `--runs` rounds, the endpoints in a rotating order
// each round, so a noisy minute hurts all alike; min / median / max), the Overview painted in real
// Chromium (navigation start → the four figures and the day chart drawn, a fresh page each time
// on the warm server), and serve's peak RSS (VmHWM of its process, after all of it).
// Usage: node bench/dashboard.mjs [--lake DIR] [--runs 7] [--paints 5]   (npm run build first)
// Results: printed, and bench/results/dashboard.json.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { cliPath, lakeDir, repo } from './analyst-cli.mjs';

const { values: o } = parseArgs({ options: { lake: { type: 'string' }, runs: { type: 'string', default: '7' }, paints: { type: 'string', default: '5' } } });
const lake = path.resolve(o.lake ?? lakeDir(1_000_000));
if (!fs.existsSync(path.join(lake, 'tables'))) throw new Error(`${lake} has no tables: run actionlake build --lake ${lake} first`);
const TOKEN = 'bench-dashboard-token';

const proc = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--lake', lake], {
  env: { ...process.env, ADMIN_TOKEN: TOKEN, ACTIONLAKE_TMP_DIR: process.env.ACTIONLAKE_TMP_DIR ?? '/tmp' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const startedAt = performance.now();
const url = await new Promise((resolve, reject) => {
  let out = '';
  proc.on('exit', (code) => reject(new Error(`serve exited (${code})`)));
  proc.stdout.on('data', (d) => {
    out += d;
    const m = /is at (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
});
const startMs = performance.now() - startedAt;
const rss = () => {
  const s = fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8');
  return { now: Number(/VmRSS:\s+(\d+)/.exec(s)[1]) / 1024, peak: Number(/VmHWM:\s+(\d+)/.exec(s)[1]) / 1024 };
};

async function api(pathAndQuery) {
  const t0 = performance.now();
  const res = await fetch(new URL(pathAndQuery, url), { headers: { authorization: `Bearer ${TOKEN}`, 'accept-encoding': 'gzip' } });
  const body = await res.json();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${pathAndQuery}: ${res.status} ${JSON.stringify(body)}`);
  return { ms, body };
}

try {
  const { body: meta } = await api('/api/meta');
  const site = meta.sites.find((s) => s.last_day) ?? meta.sites[0];
  // what the app opens on: the site's last 28 days with data, against the 28 before
  const to = site.last_day;
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 27 * 86_400_000).toISOString().slice(0, 10);
  const q = (extra = {}) => {
    const p = new URLSearchParams({ site: site.site, from, to });
    for (const [k, v] of Object.entries(extra)) for (const x of [].concat(v)) p.append(k, x);
    return p;
  };
  const { body: f } = await api(`/api/funnel?${q()}`);
  const actions = f.choices.filter((c) => c.kind === 'action').map((c) => `action:${c.name}`);
  const steps = [actions[0], ...actions.filter((a) => /cart|add/i.test(a)).slice(0, 1), ...actions.filter((a) => /order|purchase/i.test(a)).slice(0, 1)];
  const { body: seg } = await api(`/api/segments?${q({ where: 'revenue > 0' })}`);
  const someone = seg.persons[0]?.user_id ?? seg.persons[0]?.person_id;
  const endpoints = {
    overview: `/api/overview?${q()}`,
    'channels (channel)': `/api/channels?${q()}`,
    'channels (campaign)': `/api/channels?${q({ by: 'campaign' })}`,
    [`funnel (${steps.length} steps)`]: `/api/funnel?${q({ step: steps })}`,
    products: `/api/products?${q()}`,
    person: `/api/person?${q({ id: someone })}`,
    'segments (revenue > 0)': `/api/segments?${q({ where: 'revenue > 0' })}`,
  };
  const names = Object.keys(endpoints);
  const cold = {};
  for (const n of names) cold[n] = (await api(endpoints[n])).ms;
  const warm = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < Number(o.runs); r++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length];
      warm[n].push((await api(endpoints[n])).ms);
    }
  }

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const paints = [];
  try {
    for (let i = 0; i < Number(o.paints); i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript((t) => sessionStorage.setItem('actionlake-dashboard-token', t), TOKEN);
      const page = await context.newPage();
      await page.goto(new URL(`/overview?${q()}`, url).href);
      await page.waitForFunction(() => document.querySelectorAll('.kpi .value').length === 4 && document.querySelector('canvas[aria-label*="per day"]') !== null);
      // the figures are in the DOM; the next frame paints them
      paints.push(await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())))));
      await context.close();
    }
  } finally {
    await browser.close();
  }

  const stats = (a) => {
    const s = [...a].sort((x, y) => x - y);
    return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
  };
  const memory = rss();
  const result = {
    at: new Date().toISOString(),
    lake,
    site: site.site,
    range: { from, to },
    start_ms: startMs,
    cold_ms: cold,
    warm_ms: Object.fromEntries(names.map((n) => [n, stats(warm[n])])),
    overview_paint_ms: stats(paints),
    rss_mb: memory,
  };
  const r0 = (n) => Math.round(n);
  console.log(`serve on ${lake} (${site.site}, ${from} – ${to}); started in ${r0(startMs)} ms`);
  console.log('| /api | cold ms | warm ms (min – median – max) |\n| --- | --- | --- |');
  for (const n of names) {
    const s = result.warm_ms[n];
    console.log(`| ${n} | ${r0(cold[n])} | ${r0(s.min)} – ${r0(s.median)} – ${r0(s.max)} |`);
  }
  const p = result.overview_paint_ms;
  console.log(`Overview painted (navigation → figures and day chart): ${r0(p.min)} – ${r0(p.median)} – ${r0(p.max)} ms over ${paints.length} fresh pages`);
  console.log(`serve RSS: ${r0(memory.now)} MB now, peak ${r0(memory.peak)} MB`);
  fs.mkdirSync(path.join(repo, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'bench/results/dashboard.json'), JSON.stringify(result, null, 2) + '\n');
} finally {
  proc.kill('SIGTERM');
}
