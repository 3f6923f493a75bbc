#!/usr/bin/env node
/**
 * The incremental build (issue 22 §1) on the 60-day lake of bench/analyst-generate.mjs:
 *
 *   node bench/analyst-incremental.mjs [--events 1000000] [--visitors 50000] [--days 60] [--runs 3]
 *
 * Once: `build --to <day before the last>` (59 days compacted, every model built), its tables/
 * kept aside. Then `runs` times, interleaved, each from those tables:
 *  - incremental: `build` (compacts the last day; models for the persons it touches);
 *  - full: `build --full` (compacts the same day; every model from all the events);
 *  - nothing new: `build` again after the incremental one, and whether any file under tables/ changed
 *    (mtime and size).
 * Wall, CPU (user+sys) and peak RSS by /usr/bin/time. Writes bench/results/analyst-incremental.json.
 * Needs `npm run build`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generatedLake, repo, timed } from './analyst-cli.mjs';

const { values: o } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    visitors: { type: 'string', default: '50000' },
    days: { type: 'string', default: '60' },
    runs: { type: 'string', default: '3' },
  },
});
const lake = await generatedLake(Number(o.events), o.visitors, o.days);
const tables = path.join(lake, 'tables');
const base = path.join(lake, '..', `analyst-incremental-base-${o.events}`);
const days = fs.readdirSync(path.join(lake, 'events', 'site_id=shop')).map((d) => d.slice(3)).sort();
const last = days[days.length - 1];
const before = days[days.length - 2];

/** relative path → "mtime size" of every file under dir */
function files(dir) {
  const out = {};
  for (const f of fs.readdirSync(dir, { recursive: true })) {
    const st = fs.statSync(path.join(dir, f));
    if (st.isFile()) out[f] = `${st.mtimeMs} ${st.size}`;
  }
  return out;
}
const restore = () => {
  fs.rmSync(tables, { recursive: true, force: true });
  fs.cpSync(base, tables, { recursive: true });
};
const line = (t) => t.out.split('\n').filter((l) => l.startsWith('models:') || l.startsWith('compact:')).join(' | ');

if (!fs.existsSync(base)) {
  fs.rmSync(tables, { recursive: true, force: true });
  console.log(`build --to ${before} (the base: ${days.length - 1} days) ...`);
  const t = await timed(['build', '--lake', lake, '--to', before]);
  console.log(`  ${t.wall} s wall, ${t.cpu.toFixed(1)} s CPU, ${t.rssMB} MB: ${line(t)}`);
  fs.cpSync(tables, base, { recursive: true });
}

const results = { events: Number(o.events), days: days.length, newDay: last, incremental: [], full: [], idle: [] };
for (let i = 0; i < Number(o.runs); i++) {
  const order = i % 2 ? ['full', 'incremental'] : ['incremental', 'full'];
  for (const kind of order) {
    restore();
    const t = await timed(['build', '--lake', lake, ...(kind === 'full' ? ['--full'] : [])]);
    results[kind].push({ wall: t.wall, cpu: t.cpu, rssMB: t.rssMB, out: line(t) });
    console.log(`${kind}: ${t.wall} s wall, ${t.cpu.toFixed(1)} s CPU, ${t.rssMB} MB — ${line(t)}`);
    if (kind === 'incremental') {
      const was = files(tables);
      const n = await timed(['build', '--lake', lake]);
      const changed = Object.entries(files(tables)).filter(([f, v]) => was[f] !== v).length + Object.keys(was).filter((f) => !fs.existsSync(path.join(tables, f))).length;
      results.idle.push({ wall: n.wall, cpu: n.cpu, rssMB: n.rssMB, changedFiles: changed, out: line(n) });
      console.log(`nothing new: ${n.wall} s wall, ${n.cpu.toFixed(1)} s CPU, ${n.rssMB} MB, ${changed} files changed — ${line(n)}`);
    }
  }
}
const range = (xs) => `${Math.min(...xs).toFixed(1)} – ${Math.max(...xs).toFixed(1)}`;
const ratio = (a, b) => `${Math.round((100 * Math.min(...a)) / Math.max(...b))} – ${Math.round((100 * Math.max(...a)) / Math.min(...b))} %`;
const w = (k) => results[k].map((r) => r.wall);
const c = (k) => results[k].map((r) => r.cpu);
console.log(`incremental ${range(w('incremental'))} s wall (${range(c('incremental'))} s CPU), full ${range(w('full'))} s wall (${range(c('full'))} s CPU), nothing new ${range(w('idle'))} s wall`);
console.log(`incremental / full: ${ratio(w('incremental'), w('full'))} wall, ${ratio(c('incremental'), c('full'))} CPU; nothing new / full: ${ratio(w('idle'), w('full'))} wall`);
fs.writeFileSync(path.join(repo, 'bench/results/analyst-incremental.json'), JSON.stringify(results, null, 2));
