#!/usr/bin/env node
/**
 * A narrow pass in Node instead of DuckDB's read_json (issue 22 §4, fourth round, prototype): each
 * day's raw objects gunzipped by zlib in a worker thread (one per core), each line scanned for its
 * top-level keys, the raw JSON text of the keys compact stages copied into a narrow NDJSON line;
 * DuckDB then reads the narrow lines (read_json, the same typed columns) into the staging table.
 * The typed values come from the same parser and the same JSON text, so they are the same; what
 * the scan does not check is the validity of the parts it skips (see bench/README). Compared in
 * the same run with DuckDB's own narrow pass (compact/stage.ts's columns).
 *
 *   node bench/compact-narrow-node.mjs [--events 1000000] [--runs 2]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

const KEYS = ['event_id', 'site_id', 'action_type', 'anonymous_id', 'user_id', 'email_sha256', 'click_ids', 'attributes',
  'occurred_at', 'received_at', 'collector_id', 'bot', 'utm', 'source', 'source_type', 'page'];

/** the end (exclusive) of the string starting at s[i] === '"' */
function strEnd(s, i) {
  for (let j = i + 1; ;) {
    const q = s.indexOf('"', j);
    if (q < 0) return -1;
    let b = q - 1;
    while (s.charCodeAt(b) === 92) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** the end (exclusive) of the JSON value starting at or after s[i] */
function valueEnd(s, i) {
  const c = s.charCodeAt(i);
  if (c === 34) return strEnd(s, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s.charCodeAt(j);
      if (d === 34) { j = strEnd(s, j) - 1; if (j < 0) return -1; }
      else if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) { if (--depth === 0) return j + 1; }
    }
    return -1;
  }
  let j = i;
  while (j < s.length) { const d = s.charCodeAt(j); if (d === 44 || d === 125 || d === 32 || d === 10 || d === 13 || d === 9) break; j++; }
  return j;
}

const ws = (s, i) => { while (i < s.length) { const c = s.charCodeAt(i); if (c !== 32 && c !== 9 && c !== 13) break; i++; } return i; };

/** the narrow line of one raw line: its wanted keys' raw text; null when the line does not scan */
function narrow(line, wanted) {
  let i = ws(line, 0);
  if (line.charCodeAt(i) !== 123) return null;
  i = ws(line, i + 1);
  const parts = [];
  if (line.charCodeAt(i) === 125) return '{}';
  for (;;) {
    if (line.charCodeAt(i) !== 34) return null;
    const ke = strEnd(line, i);
    if (ke < 0) return null;
    const key = line.slice(i + 1, ke - 1);
    i = ws(line, ke);
    if (line.charCodeAt(i) !== 58) return null;
    i = ws(line, i + 1);
    const ve = valueEnd(line, i);
    if (ve < 0) return null;
    if (wanted.has(key) || key.includes('\\')) parts.push(line.slice(ke - key.length - 2, ke) + ':' + line.slice(i, ve));
    i = ws(line, ve);
    const c = line.charCodeAt(i);
    if (c === 44) { i = ws(line, i + 1); continue; }
    if (c === 125) break;
    return null;
  }
  return '{' + parts.join(',') + '}';
}

if (!isMainThread) {
  const wanted = new Set(KEYS);
  parentPort.on('message', ({ files, out }) => {
    const lines = [];
    let bad = 0;
    for (const f of files) {
      const s = zlib.gunzipSync(fs.readFileSync(f)).toString('utf8');
      for (let i = 0; i < s.length;) {
        let j = s.indexOf('\n', i);
        if (j < 0) j = s.length;
        if (j > i) { const n = narrow(s.slice(i, j), wanted); if (n === null) bad++; else lines.push(n); }
        i = j + 1;
      }
    }
    fs.writeFileSync(out, lines.join('\n') + '\n');
    parentPort.postMessage({ bad });
  });
} else {
  const require = createRequire(import.meta.url);
  const { DuckDBInstance } = require('@duckdb/node-api');
  const { readJsonColumns, rawColumns } = require('../packages/analyst/dist/compact/columns.js');
  const { generatedLake } = await import('./analyst-cli.mjs');
  const { values: o } = parseArgs({ options: { events: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '2' } } });
  const lake = await generatedLake(Number(o.events), '50000', '60');
  const all = fs.readdirSync(path.join(lake, 'events'), { recursive: true }).filter((f) => f.endsWith('.ndjson.gz')).map((f) => path.join(lake, 'events', f));
  const days = new Map();
  for (const f of all) {
    const dt = /dt=([^/]+)/.exec(f)?.[1] ?? '';
    days.set(dt, [...(days.get(dt) ?? []), f]);
  }
  const dayList = [...days.keys()].sort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'narrow-node-'));
  const cores = os.availableParallelism();
  const db = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '512MB', temp_directory: tmp });
  const conns = [];
  for (let i = 0; i < cores; i++) conns.push(await db.connect());
  const duck = conns[0];
  const workers = Array.from({ length: cores }, () => new Worker(fileURLToPath(import.meta.url)));
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
  const rows = Number((await duck.runAndReadAll(`SELECT count(*) FROM read_ndjson_objects([${all.map((f) => `'${f}'`).join(', ')}], compression = 'gzip')`)).getRows()[0][0]);
  console.log(`${all.length} objects, ${dayList.length} days, ${rows.toLocaleString('en-US')} rows`);
  const cols = rawColumns().filter((c) => KEYS.includes(c.name));
  const decl = readJsonColumns(cols);
  const select = `event_id, site_id, action_type, anonymous_id, user_id, email_sha256, click_ids, CASE WHEN action_type = 'alias' THEN attributes END AS attributes,
    occurred_at, received_at, collector_id, bot, utm, source, source_type, page.referrer AS referrer`;
  const rj = (list, compression) => `read_json([${list.map((f) => `'${f}'`).join(', ')}], format = 'newline_delimited', hive_partitioning = false, compression = '${compression}', columns = ${decl}, maximum_object_size = 16777216)`;
  await duck.run(`CREATE OR REPLACE TABLE proto AS SELECT ${select}, 'x' AS dt FROM ${rj([days.get(dayList[0])[0]], 'gzip')} LIMIT 0`);
  await duck.run(`SET checkpoint_threshold = '1TB'`);

  async function duckPass() {
    await duck.run(`CREATE OR REPLACE TABLE staged AS FROM proto`);
    let next = 0;
    await Promise.all(conns.map(async (conn) => {
      while (next < dayList.length) { const dt = dayList[next++]; await conn.run(`INSERT INTO staged SELECT ${select}, '${dt}' FROM ${rj(days.get(dt), 'gzip')}`); }
    }));
  }
  async function nodePass(insert = true) {
    await duck.run(`CREATE OR REPLACE TABLE staged AS FROM proto`);
    let next = 0;
    let bad = 0;
    await Promise.all(conns.map(async (conn, k) => {
      while (next < dayList.length) {
        const dt = dayList[next++];
        const out = path.join(tmp, `${dt}.ndjson`);
        const r = await new Promise((resolve) => { workers[k].once('message', resolve); workers[k].postMessage({ files: days.get(dt), out }); });
        bad += r.bad;
        if (insert) await conn.run(`INSERT INTO staged SELECT ${select}, '${dt}' FROM ${rj([out], 'uncompressed')}`);
        fs.rmSync(out);
      }
    }));
    if (bad) console.log(`${bad} lines did not scan`);
  }
  const same = async () => Number((await duck.runAndReadAll(`SELECT count(*) FROM (SELECT * FROM staged EXCEPT ALL SELECT * FROM duck_rows)`)).getRows()[0][0]);
  const res = { duck: [], node: [], scan: [] };
  for (let round = 0; round < Number(o.runs); round++) {
    for (const kind of round % 2 ? ['scan', 'node', 'duck'] : ['duck', 'node', 'scan']) {
      const c0 = cpu();
      const w0 = performance.now();
      await (kind === 'duck' ? duckPass() : nodePass(kind === 'node'));
      const us = ((cpu() - c0) * 1e6) / rows;
      res[kind].push(us);
      console.log(`round ${round + 1} ${kind}: ${us.toFixed(1)} µs CPU/row, wall ${((performance.now() - w0) / 1000).toFixed(1)} s`);
      if (kind === 'duck') await duck.run('CREATE OR REPLACE TABLE duck_rows AS FROM staged');
      else if (round === 0 && kind === 'node') console.log(`rows of the Node pass not in DuckDB's: ${await same()}`);
    }
  }
  const range = (xs) => `${Math.min(...xs).toFixed(1)} – ${Math.max(...xs).toFixed(1)}`;
  console.log(`DuckDB read_json narrow pass ${range(res.duck)} µs CPU/row; Node gunzip + scan, DuckDB reads the narrow lines ${range(res.node)}; Node gunzip + scan + narrow file alone ${range(res.scan)}`);
  for (const w of workers) await w.terminate();
  fs.rmSync(tmp, { recursive: true, force: true });
}
