/**
 * compact's one-day-per-core runner (src/compact/per-core.ts) on a real DuckDB: two days really are
 * in DuckDB at the same time, each at one thread, and what comes after (the models of the same
 * `build`) gets DuckDB's threads back, also after a day failed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Duck } from '../src/ground/duck/duck';
import { perCore } from '../src/compact/per-core';

let root: string;
let duck: Duck;
beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'per-core-'));
  duck = await Duck.open({ tempDir: root, threads: 2 });
});
afterEach(() => {
  duck.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const threads = async (d: Duck) => Number((await d.all<{ t: string }>(`SELECT current_setting('threads') AS t`))[0].t);

describe('perCore', () => {
  it('runs two days at once, on two connections at one thread, and gives the threads back', async () => {
    await duck.run('CREATE TABLE seen (day VARCHAR, t INTEGER)');
    let running = 0;
    let most = 0;
    await perCore(duck, ['d1', 'd2', 'd3', 'd4'], async (conn, day) => {
      most = Math.max(most, ++running);
      // a statement long enough that the other connection's runs meanwhile
      await conn.run(`INSERT INTO seen SELECT '${day}', current_setting('threads')::INTEGER FROM range(3000000) WHERE random() < 0 UNION ALL SELECT '${day}', current_setting('threads')::INTEGER`);
      running--;
    });
    expect(most).toBe(2);
    expect(await duck.all('SELECT day, t FROM seen ORDER BY day')).toEqual(['d1', 'd2', 'd3', 'd4'].map((day) => ({ day, t: 1 })));
    expect(await threads(duck)).toBe(2);
  });

  it('stops taking days after one fails, throws its error, and gives the threads back', async () => {
    const started: string[] = [];
    await expect(perCore(duck, ['d1', 'd2', 'd3', 'd4', 'd5'], async (conn, day) => {
      started.push(day);
      if (day === 'd2') throw new Error('day d2 failed');
      await conn.run('SELECT 1');
    })).rejects.toThrow('day d2 failed');
    expect(started.length).toBeLessThan(5);
    expect(await threads(duck)).toBe(2);
  });
});
