// CPU seconds of a server process and its workers, read from /proc: what every benchmark here
// divides by the events a load got answered (run.mjs, webhooks.mjs).
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** pid and its descendants (the workers of a cluster) */
export function tree(pid) {
  const out = [pid];
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    let children = '';
    try {
      children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    } catch {}
    for (const c of children.split(' ').filter(Boolean)) out.push(...tree(Number(c)));
  }
  return out;
}

/** user + system CPU seconds of the server process and its workers */
export function cpuSeconds(pid) {
  let ticks = 0;
  for (const p of tree(pid)) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
    } catch {}
  }
  return ticks / TICKS;
}
