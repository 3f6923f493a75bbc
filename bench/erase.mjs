#!/usr/bin/env node
/**
 * The erase benchmark (issue 8): `actionlake erase USER_ID` on the synthetic lake of the analyst
 * benchmark (bench/analyst-generate.mjs, kept under bench/results/analyst-lake-<events>, built once):
 *
 *   node bench/erase.mjs [--events 1000000] [--visitors 50000] [--days 60] [--runs 1] [--id USER_ID]
 *                        [--memory-limit 1GB]
 *
 * Each run erases the same person from a fresh copy of the lake (erase changes the lake; the
 * generated one stays as it is) under /usr/bin/time: wall s, CPU s (user+sys), peak RSS; the raw
 * objects (events/ + bad/) and table files (tables/) rewritten or removed against their totals, from
 * the lake's files before and after; and when each phase ended (from erase's own output lines:
 * the first rewritten object, compact's summary, the end). Writes bench/results/erase.json.
 * Needs `npm run build`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cliPath, generatedLake, repo, sh, timed } from './analyst-cli.mjs';

const { values: o } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    visitors: { type: 'string', default: '50000' },
    days: { type: 'string', default: '60' },
    runs: { type: 'string', default: '1' },
    id: { type: 'string' },
    /** ACTIONLAKE_MEMORY_LIMIT of every actionlake command (DuckDB's memory_limit; default: the CLI's, 512MB) */
    'memory-limit': { type: 'string' },
  },
});
const EVENTS = Number(o.events);
const lake = await generatedLake(EVENTS, o.visitors, o.days);
/** every actionlake command of this bench runs with --memory-limit when given */
const env = { CI: '1', ...(o['memory-limit'] ? { ACTIONLAKE_MEMORY_LIMIT: o['memory-limit'] } : {}) };
const copy = path.join(repo, 'bench/results', `erase-lake-${EVENTS}`);

/** relative path → size and mtime of every file under the lake's events/, bad/ and tables/ */
function files(dir) {
  const out = new Map();
  for (const top of ['events', 'bad', 'tables']) {
    const base = path.join(dir, top);
    if (!fs.existsSync(base)) continue;
    for (const f of fs.readdirSync(base, { recursive: true })) {
      const st = fs.statSync(path.join(base, f));
      if (st.isFile() && !path.basename(f).startsWith('.')) out.set(`${top}/${f}`, `${st.size}:${st.mtimeMs}`);
    }
  }
  return out;
}

/** of the files `before`: how many are gone or changed in `after`, raw objects and tables apart */
function changes(before, after) {
  const kinds = { raw: { total: 0, touched: 0 }, tables: { total: 0, touched: 0 } };
  for (const [k, v] of before) {
    const kind = k.startsWith('tables/') ? kinds.tables : kinds.raw;
    kind.total++;
    if (after.get(k) !== v) kind.touched++;
  }
  return kinds;
}

const range = (xs, digits = 1) => {
  const f = (x) => x.toFixed(digits);
  return xs.length > 1 ? `${f(Math.min(...xs))} – ${f(Math.max(...xs))}` : f(xs[0]);
};

if (!['identity_map', 'sessions', 'profiles', 'products'].every((t) => fs.existsSync(path.join(lake, 'tables', t)))) {
  const b = await timed(['build', '--lake', lake], { env });
  console.log(`build: ${b.out.split('\n').join('; ')} [${b.wall}s wall]`);
}
let id = o.id;
if (!id) {
  // an identified visitor with a median number of events (a typical person, not the heaviest)
  const q = await sh(process.execPath, [cliPath, 'query', '--lake', lake, '--json',
    `SELECT user_id, count(*) AS n FROM events WHERE user_id IS NOT NULL GROUP BY 1 ORDER BY 2, 1 LIMIT 1 OFFSET (SELECT count(DISTINCT user_id) / 2 FROM events WHERE user_id IS NOT NULL)`], { env });
  if (q.code !== 0) throw new Error(q.err);
  id = JSON.parse(q.out)[0].user_id;
}

const results = { events: EVENTS, id, memoryLimit: o['memory-limit'] ?? 'default', runs: [] };
for (let i = 0; i < Number(o.runs); i++) {
  fs.rmSync(copy, { recursive: true, force: true });
  // with their times: a local lake's object etags hold the mtime, and compact compares them
  const cp = await sh('cp', ['-a', lake, copy]);
  if (cp.code !== 0) throw new Error(cp.err);
  const before = files(copy);
  const phases = {};
  const t = await timed(['erase', id, '--lake', copy, '--site', 'shop'], { env, onLine: (line, ms) => {
    if (/^(rewrote|removed) /.test(line) && phases.firstRewrite === undefined) phases.firstRewrite = ms / 1000;
    if (/^(rewrote|removed) /.test(line)) phases.lastRewrite = ms / 1000;
    if (/^compact: /.test(line)) phases.compacted = ms / 1000;
  } });
  const summary = t.out.split('\n').filter((l) => !/^(rewrote|removed) /.test(l));
  const touched = changes(before, files(copy));
  results.runs.push({ ...t, out: summary.join('\n'), phases, touched });
  console.log(`erase ${id} #${i + 1}: ${summary.join('; ')}`);
  console.log(`  ${t.wall}s wall, ${t.cpu.toFixed(1)}s cpu, ${t.rssMB} MB peak RSS; raw objects ${touched.raw.touched}/${touched.raw.total} rewritten or removed, table files ${touched.tables.touched}/${touched.tables.total}`);
  console.log(`  phases (s since start): first object rewritten ${phases.firstRewrite}, last ${phases.lastRewrite}, compact done ${phases.compacted}, end ${t.wall}`);
}
fs.rmSync(copy, { recursive: true, force: true });
const r = results.runs;
console.log(`\nsummary: erase one person from ${EVENTS} events: ${range(r.map((x) => x.wall))} s wall, ${range(r.map((x) => x.cpu))} s CPU, peak RSS ${range(r.map((x) => x.rssMB), 0)} MB`);
fs.writeFileSync(path.join(repo, 'bench/results/erase.json'), JSON.stringify(results, null, 2));
