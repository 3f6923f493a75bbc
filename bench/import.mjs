// `actionlake import` rows/s, CPU µs per row and peak RSS (issue 20): 1M-line CSVs of each format
// (Google Ads' offline-conversion template, contacts, events), written once into bench/results/,
// imported into a fresh local lake, then imported again (the idempotent rerun: every object already
// there). Formats interleaved, repeated (--repeat, default 3), ranges reported. A --lines-big file
// (default 3M lines of the Google template) once shows that peak RSS does not grow with the file.
//
//   npm run build && flock /tmp/al-heavy.lock node bench/import.mjs [--lines 1000000] [--repeat 3] [--deadline ISO]
// (--deadline: start no run after that time; the table has the runs done)
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repo, timed } from './analyst-cli.mjs';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '1000000' }, repeat: { type: 'string', default: '3' }, 'lines-big': { type: 'string', default: '3000000' }, deadline: { type: 'string' } } });
const deadline = values.deadline ? Date.parse(values.deadline) : Infinity;
const late = () => Date.now() > deadline;
const LINES = Number(values.lines);
const REPEAT = Number(values.repeat);
const dir = path.join(repo, 'bench/results/import');
fs.mkdirSync(dir, { recursive: true });
const sources = path.join(dir, 'sources.json');
fs.writeFileSync(sources, JSON.stringify([{ id: 'ads', kind: 'import', site: 'bench' }, { id: 'crm', kind: 'import', site: 'bench' }, { id: 'billing', kind: 'import', site: 'bench' }]));

const START = Date.UTC(2026, 0, 1);
/** a time per line over ~11 months, in order (as an export is) */
const at = (i, n) => new Date(START + Math.floor((i * 330 * 86_400_000) / n));
const pad = (n) => String(n).padStart(2, '0');
const googleTime = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

const FORMATS = {
  'google-ads-offline': {
    source: 'ads',
    header: 'Parameters:TimeZone=America/New_York\nGoogle Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency\n',
    line: (i, n) => `Cj0KCQiA${i.toString(36).padStart(8, '0')}xYzAbCdEfGhIjKlMnOpQrStUvWxYz_BwE,${i % 3 ? 'Qualified lead' : 'Closed deal'},${googleTime(at(i, n))},${(i % 500) + 0.5},EUR\n`,
  },
  contacts: {
    source: 'crm',
    header: 'email,user_id,first_name,plan,country,occurred_at\n',
    line: (i, n) => `person${i}@example.com,crm-${i},Name${i % 1000},${i % 2 ? 'pro' : 'free'},DE,${at(i, n).toISOString()}\n`,
  },
  events: {
    source: 'billing',
    header: 'event_id,action,occurred_at,user_id,email,value,currency\n',
    line: (i, n) => `inv-${i},Invoice paid,${at(i, n).toISOString()},crm-${i % 50000},,${(i % 300) + 9.9},EUR\n`,
  },
};

function write(format, lines) {
  const file = path.join(dir, `${format}-${lines}.csv`);
  if (fs.existsSync(file)) return file;
  const f = FORMATS[format];
  const fd = fs.openSync(file + '.tmp', 'w');
  let buf = f.header;
  for (let i = 0; i < lines; i++) {
    buf += f.line(i, lines);
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  fs.renameSync(file + '.tmp', file);
  return file;
}

async function importOnce(format, file, lake) {
  const args = ['import', file, '--source', FORMATS[format].source, '--format', format, '--lake', lake, '--sources', sources];
  return timed(args);
}

const results = {};
const files = Object.fromEntries(Object.keys(FORMATS).map((f) => [f, write(f, LINES)]));
for (const [f, file] of Object.entries(files)) console.log(`${f}: ${file} ${(fs.statSync(file).size / 1e6).toFixed(1)} MB`);
for (let r = 0; r < REPEAT && !late(); r++) {
  for (const format of Object.keys(FORMATS)) {
    if (late()) break;
    const lake = path.join(dir, `lake-${format}`);
    fs.rmSync(lake, { recursive: true, force: true });
    fs.mkdirSync(lake);
    const first = await importOnce(format, files[format], lake);
    const again = await importOnce(format, files[format], lake);
    for (const [kind, t] of [['first', first], ['rerun', again]]) {
      (results[`${format} ${kind}`] ??= []).push(t);
      console.log(`${format} ${kind}: ${t.wall}s wall, ${t.cpu.toFixed(1)}s CPU, ${Math.round(LINES / t.wall).toLocaleString('en')} rows/s, ${((t.cpu * 1e6) / LINES).toFixed(1)} µs CPU/row, peak RSS ${t.rssMB} MB — ${t.out}`);
    }
    fs.rmSync(lake, { recursive: true, force: true });
  }
}
const range = (xs, f) => `${f(Math.min(...xs))} – ${f(Math.max(...xs))}`;
console.log(`\n| run (${LINES.toLocaleString('en')} lines, ${REPEAT}× asked) | rows/s | CPU µs/row | peak RSS MB |\n| --- | --- | --- | --- |`);
for (const [name, ts] of Object.entries(results)) {
  console.log(`| ${name} | ${range(ts.map((t) => LINES / t.wall), (x) => Math.round(x).toLocaleString('en'))} | ${range(ts.map((t) => (t.cpu * 1e6) / LINES), (x) => x.toFixed(1))} | ${range(ts.map((t) => t.rssMB), String)} |`);
}
const big = Number(values['lines-big']);
if (big > 0 && !late()) {
  const file = write('google-ads-offline', big);
  const lake = path.join(dir, 'lake-big');
  fs.rmSync(lake, { recursive: true, force: true });
  fs.mkdirSync(lake);
  const t = await importOnce('google-ads-offline', file, lake);
  console.log(`\ngoogle-ads-offline ${big.toLocaleString('en')} lines (${(fs.statSync(file).size / 1e6).toFixed(0)} MB): ${t.wall}s wall, ${Math.round(big / t.wall).toLocaleString('en')} rows/s, ${((t.cpu * 1e6) / big).toFixed(1)} µs CPU/row, peak RSS ${t.rssMB} MB`);
  fs.rmSync(lake, { recursive: true, force: true });
}
