#!/usr/bin/env node
/**
 * The incremental build (issue 22 §1) on the 60-day lake of bench/analyst-generate.mjs:
 *
 *   node bench/analyst-incremental.mjs [--events 1000000] [--visitors 50000] [--days 60] [--runs 3]
 *                                      [--before /work/main/packages/analyst/dist/cli/main.js] [--scratch] [--rebase]
 *
 * Once per CLI: `build --to <day before the last>` (59 days compacted, every model built), its
 * tables/ kept aside as that CLI's base (each CLI continues from what it built itself: another
 * build's SQL would read as a rules change, a full rebuild; --rebase builds the bases again, as
 * after a change of this checkout's SQL). Then `runs` times, interleaved, each from its base:
 *  - incremental: `build` (compacts the last day; models for the persons it touches);
 *  - full: `build --full` (compacts the same day; every model from all the events);
 *  - nothing new: `build` again after the incremental one, and whether any file under tables/ changed
 *    (mtime and size);
 *  - with --scratch, from scratch: `build` with no tables/ at all (every day compacted from its raw
 *    objects, every model built): what a build costs with nothing kept.
 * With --before (another build's CLI, e.g. the main checkout's), incremental and full run with both
 * CLIs, interleaved, so a change is measured before and after in the same run.
 * Wall, CPU (user+sys) and peak RSS by /usr/bin/time. Writes bench/results/analyst-incremental.json.
 * Needs `npm run build`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cliPath, generatedLake, repo, timed } from './analyst-cli.mjs';

const { values: o } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    visitors: { type: 'string', default: '50000' },
    days: { type: 'string', default: '60' },
    runs: { type: 'string', default: '3' },
    before: { type: 'string' },
    scratch: { type: 'boolean', default: false },
    rebase: { type: 'boolean', default: false },
  },
});
const lake = await generatedLake(Number(o.events), o.visitors, o.days);
const tables = path.join(lake, 'tables');
const days = fs.readdirSync(path.join(lake, 'events', 'site_id=shop')).map((d) => d.slice(3)).sort();
const last = days[days.length - 1];
const before = days[days.length - 2];
/** label → CLI: this checkout's ("after") and, with --before, the other one */
const clis = { ...(o.before ? { before: path.resolve(o.before) } : {}), after: cliPath };

/** relative path → "mtime size" of every file under dir */
function files(dir) {
  const out = {};
  for (const f of fs.readdirSync(dir, { recursive: true })) {
    const st = fs.statSync(path.join(dir, f));
    if (st.isFile()) out[f] = `${st.mtimeMs} ${st.size}`;
  }
  return out;
}
/** the base tables/ of a CLI (this checkout's keeps the name it had before there were two) */
const baseOf = (label) => path.join(lake, '..', `analyst-incremental-base-${o.events}${label === 'after' ? '' : `-${label}`}`);
const restore = (label) => {
  fs.rmSync(tables, { recursive: true, force: true });
  fs.cpSync(baseOf(label), tables, { recursive: true });
};
const line = (t) => t.out.split('\n').filter((l) => l.startsWith('models:') || l.startsWith('compact:')).join(' | ');

for (const [label, cli] of Object.entries(clis)) {
  const base = baseOf(label);
  if (fs.existsSync(base) && !o.rebase) continue;
  fs.rmSync(base, { recursive: true, force: true });
  fs.rmSync(tables, { recursive: true, force: true });
  console.log(`${label}: build --to ${before} (the base: ${days.length - 1} days) ...`);
  const t = await timed(['build', '--lake', lake, '--to', before], { cli });
  console.log(`  ${t.wall} s wall, ${t.cpu.toFixed(1)} s CPU, ${t.rssMB} MB: ${line(t)}`);
  fs.cpSync(tables, base, { recursive: true });
}

const results = { events: Number(o.events), days: days.length, newDay: last, runs: {} };
const record = (key, t, extra = {}) => {
  (results.runs[key] ??= []).push({ wall: t.wall, cpu: t.cpu, rssMB: t.rssMB, ...extra, out: line(t) });
  console.log(`${key}: ${t.wall} s wall, ${t.cpu.toFixed(1)} s CPU, ${t.rssMB} MB${extra.changedFiles !== undefined ? `, ${extra.changedFiles} files changed` : ''} — ${line(t)}`);
};
for (let i = 0; i < Number(o.runs); i++) {
  const kinds = ['incremental', 'full'].flatMap((k) => Object.keys(clis).map((c) => [k, c]));
  if (o.scratch) kinds.push(['scratch', 'after']);
  const order = i % 2 ? kinds.reverse() : kinds;
  for (const [kind, label] of order) {
    const cli = clis[label];
    if (kind === 'scratch') fs.rmSync(tables, { recursive: true, force: true });
    else restore(label);
    const t = await timed(['build', '--lake', lake, ...(kind === 'full' ? ['--full'] : [])], { cli });
    // a base built by another version of the SQL makes the "incremental" build a full one
    if (kind === 'incremental' && /full rebuild/.test(t.out)) throw new Error(`${label}: the incremental build was a full rebuild (its base is stale: run with --rebase): ${line(t)}`);
    record(`${kind} ${label}`, t);
    if (kind === 'incremental') {
      const was = files(tables);
      const n = await timed(['build', '--lake', lake], { cli });
      const changed = Object.entries(files(tables)).filter(([f, v]) => was[f] !== v).length + Object.keys(was).filter((f) => !fs.existsSync(path.join(tables, f))).length;
      record(`nothing new ${label}`, n, { changedFiles: changed });
    }
  }
}
const range = (xs) => `${Math.min(...xs).toFixed(1)} – ${Math.max(...xs).toFixed(1)}`;
const ratio = (a, b) => `${Math.round((100 * Math.min(...a)) / Math.max(...b))} – ${Math.round((100 * Math.max(...a)) / Math.min(...b))} %`;
const of = (key, f) => (results.runs[key] ?? []).map(f);
for (const [key, runs] of Object.entries(results.runs)) {
  console.log(`${key}: ${range(runs.map((r) => r.wall))} s wall, ${range(runs.map((r) => r.cpu))} s CPU, ${range(runs.map((r) => r.rssMB))} MB peak RSS`);
}
for (const label of Object.keys(clis)) {
  const inc = of(`incremental ${label}`, (r) => r.cpu);
  console.log(`${label}: incremental / full ${ratio(inc, of(`full ${label}`, (r) => r.cpu))} CPU; nothing new / full ${ratio(of(`nothing new ${label}`, (r) => r.cpu), of(`full ${label}`, (r) => r.cpu))} CPU` +
    (o.scratch ? `; incremental / from scratch ${ratio(inc, of('scratch after', (r) => r.cpu))} CPU` : ''));
}
fs.writeFileSync(path.join(repo, 'bench/results/analyst-incremental.json'), JSON.stringify(results, null, 2));
