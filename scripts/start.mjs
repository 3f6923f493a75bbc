// `npm start`: the collector with a local lake and the demo shop, for someone trying ActionLake.
// Builds only when a source changed since the last build (build-state.mjs; 25–35 s otherwise),
// then starts packages/collector/dist/server.js with the environment as given, prints where to open
// the demo and the recorder and when rows reach the lake, and shows the collector's log as
// readable lines (run dist/server.js itself for the JSON lines a log collector wants).
// Ctrl+C stops it the usual way: the collector flushes its spool to the lake first.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { isBuilt, root } from './build-state.mjs';

if (isBuilt()) {
  console.log('actionlake: the build is up to date (no source changed since it was made)');
} else {
  console.log('actionlake: building (sources changed since the last build, or none yet) …');
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' }); // stamps itself when done
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const server = spawn(process.execPath, [path.join(root, 'packages/collector/dist/server.js')], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

const LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const QUIET = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'err']);
let greeted = false;

/** The banner, once: from the first worker's "collector listening" line (its url, lake, flush interval). */
function greet(line) {
  greeted = true;
  const url = line.url.replace('//127.0.0.1:', '//localhost:');
  const every = line.flushIntervalMs >= 1000 ? `${line.flushIntervalMs / 1000} s` : `${line.flushIntervalMs} ms`;
  console.log([
    '',
    'ActionLake is running',
    line.demo ? `  demo shop   ${url}/demo/` : '  demo shop   (DEMO_DIR is empty: not served)',
    line.demo ? `  recorder    ${url}/demo/#actionlake-recorder${process.env.ADMIN_TOKEN ? '' : '   (to save actions: ADMIN_TOKEN=choose-a-secret npm start)'}` : null,
    `  collector   ${url}  (POST /v1/batch, /metrics, /readyz)`,
    `  lake        ${path.relative(root, line.lake) || line.lake}`,
    `  Rows reach the lake every ${every} (FLUSH_INTERVAL_MS) and when you press Ctrl+C; each write is logged`,
    `  below ("rows written to the lake"). To see them sooner: FLUSH_INTERVAL_MS=5000 npm start`,
    '',
  ].filter((l) => l !== null).join('\n'));
}

/** A pino JSON line as `12:00:01 info message key=value …`; anything else as it came. */
function readable(text) {
  let line;
  try {
    line = JSON.parse(text);
  } catch {
    return text;
  }
  if (!line || typeof line !== 'object' || typeof line.msg !== 'string') return text;
  if (line.msg === 'collector listening' && !greeted) greet(line);
  const time = new Date(line.time ?? Date.now()).toTimeString().slice(0, 8);
  const fields = Object.entries(line).filter(([k]) => !QUIET.has(k)).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const err = line.err ? `\n    ${line.err.stack ?? line.err.message ?? JSON.stringify(line.err)}` : '';
  return `${time} ${LEVELS[line.level] ?? line.level} ${line.msg}${fields.length ? '  ' + fields.join(' ') : ''}${err}`;
}

readline.createInterface({ input: server.stdout }).on('line', (text) => console.log(readable(text)));
