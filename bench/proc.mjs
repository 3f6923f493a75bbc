// What the benchmarks share about processes: pinning to a core, a free port, waiting until a server
// answers, the peak RSS of a process tree (from /proc; its CPU seconds are proc-stats.mjs's), and
// waiting until it is idle (run.mjs, server-api.mjs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { cpuSeconds, tree } from './proc-stats.mjs';

export { cpuSeconds, tree };

export const hasTaskset = spawnSync('taskset', ['-V']).status === 0;

export function pinned(core, args) {
  return hasTaskset ? ['taskset', ['-c', String(core), process.execPath, ...args]] : [process.execPath, args];
}

export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function waitReady(url) {
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never came up`);
}

export function rssOf(pid) {
  let total = 0;
  for (const p of tree(pid)) {
    try {
      total += Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))[1]) * 1024;
    } catch {}
  }
  return total || null;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until none of `pids` uses more than 2 % of a core over half a second (at most 30 s): the
 * collector uploads what a load left in its spool after the load (FLUSH_INTERVAL_MS), and that work
 * must neither be missed in its own CPU per event nor slow down the next server's load.
 */
export async function idle(pids) {
  for (let i = 0; i < 60; i++) {
    const before = pids.map(cpuSeconds);
    await sleep(500);
    if (pids.every((pid, k) => cpuSeconds(pid) - before[k] <= 0.01)) return;
  }
}

/** Until the collector's spool is empty (at most 30 s): what a load left there is in the lake. */
export async function drained(base) {
  for (let i = 0; i < 150; i++) {
    try {
      const text = await (await fetch(`${base}/metrics`)).text();
      // with WORKERS > 1 /metrics sums the workers' spools (a build before that answered for one worker)
      if (/^actionlake_spool_bytes(\{[^}]*\})? 0$/m.test(text)) return;
    } catch {}
    await sleep(200);
  }
}
