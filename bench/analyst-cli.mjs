// What bench/analyst.mjs and bench/erase.mjs share: running the built `actionlake` CLI (timed by
// /usr/bin/time) and the synthetic lake of bench/analyst-generate.mjs, generated once.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..');
export const cliPath = path.join(repo, 'packages/analyst/dist/cli/main.js');

/** bench/results/analyst-lake-<events>, where the generated lake is kept */
export const lakeDir = (events) => path.join(repo, 'bench/results', `analyst-lake-${events}`);

/** Runs `cmd args`; `onLine(line, ms since start)` for each stdout line as it arrives. */
export function sh(cmd, args, { env = {}, onLine } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const p = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let partial = '';
    p.stdout.on('data', (d) => {
      out += d;
      if (!onLine) return;
      const lines = (partial + d).split('\n');
      partial = lines.pop();
      for (const l of lines) onLine(l, Date.now() - started);
    });
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('exit', (code) => resolve({ code, out, err }));
  });
}

/**
 * `actionlake ...args` under /usr/bin/time: wall s, cpu s, peak RSS MB; exit codes 0 and 3 (done,
 * input skipped) count as done. `opts.cli`: another build's main.js (e.g. the main checkout's, for
 * a before/after in one run).
 */
export async function timed(args, opts = {}) {
  const r = await sh('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, opts.cli ?? cliPath, ...args], opts);
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.err);
  if ((r.code !== 0 && r.code !== 3) || !m) throw new Error(`actionlake ${args.join(' ')} failed (${r.code}): ${r.err}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMB: Math.round(Number(m[4]) / 1024), out: r.out.trim() };
}

/** The generated lake of `events` events, generated first when it is not there yet. */
export async function generatedLake(events, visitors, days) {
  const lake = lakeDir(events);
  if (!fs.existsSync(path.join(lake, 'events'))) {
    console.log(`generating ${events} events into ${lake} ...`);
    const g = await sh(process.execPath, [path.join(here, 'analyst-generate.mjs'), '--out', lake, '--events', String(events), '--visitors', visitors, '--days', days]);
    if (g.code !== 0) throw new Error(g.err);
    console.log(g.out.trim());
  }
  return lake;
}
