// Whether the build in packages/*/dist is the build of the sources as they are now, so that
// `npm start` skips a 30 s rebuild when nothing changed (scripts/start.mjs) and still rebuilds
// after any change. The fingerprint is a SHA-256 over the content of every build input: each
// package's files outside dist/, test/ and node_modules/ (but for Markdown), and the root's package.json,
// package-lock.json, rollup.config.mjs and tsconfig.base.json. Content, not modification times: a
// checkout or a copy that keeps old times cannot fool it. The stamp lives in
// node_modules/.cache/actionlake-build.json, so a fresh `npm ci` starts without one.
//
//   node scripts/build-state.mjs --begin   before a build: remember the inputs' fingerprint
//   node scripts/build-state.mjs --end     after it succeeded: that fingerprint is built
//   node scripts/build-state.mjs --fingerprint [dir]   prints it (tests)
// (`npm run build` runs both around the build; a source edited during the build is built next time)
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(root, 'node_modules', '.cache');
const STAMP = path.join(CACHE, 'actionlake-build.json');
const BEGUN = path.join(CACHE, 'actionlake-build.pending');
const ROOT_INPUTS = ['package.json', 'package-lock.json', 'rollup.config.mjs', 'tsconfig.base.json'];
const SKIPPED = new Set(['dist', 'test', 'node_modules']);
/** documentation is never compiled: editing it must not cost a build */
const DOCS = /\.md$/;
/** what a build leaves; any of them missing means "not built" whatever the stamp says */
export const OUTPUTS = ['packages/schema/dist/index.js', 'packages/sdk/dist/sdk.js', 'packages/recorder/dist/recorder.js', 'packages/collector/dist/server.js', 'packages/analyst/dist/cli/main.js'];

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (SKIPPED.has(entry.name)) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else if (entry.isFile() && !DOCS.test(entry.name)) yield p;
  }
}

/** The SHA-256 of every build input's path and content (of the repository at `dir`). */
export function fingerprint(dir = root) {
  const hash = crypto.createHash('sha256');
  const packages = path.join(dir, 'packages');
  const inputs = [...ROOT_INPUTS.map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f)), ...(fs.existsSync(packages) ? files(packages) : [])];
  for (const f of inputs) hash.update(path.relative(dir, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  return hash.digest('hex');
}

/** True when the outputs exist and were built from exactly these inputs. */
export function isBuilt(print = fingerprint()) {
  if (!OUTPUTS.every((f) => fs.existsSync(path.join(root, f)))) return false;
  try {
    return JSON.parse(fs.readFileSync(STAMP, 'utf8')).fingerprint === print;
  } catch {
    return false;
  }
}

function markBuilt(print) {
  fs.mkdirSync(CACHE, { recursive: true });
  fs.writeFileSync(STAMP, JSON.stringify({ fingerprint: print, at: new Date().toISOString() }) + '\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--begin')) {
    fs.mkdirSync(CACHE, { recursive: true });
    fs.rmSync(STAMP, { force: true }); // a build that fails half-way leaves no claim
    fs.writeFileSync(BEGUN, fingerprint());
  } else if (process.argv[2] === '--fingerprint') {
    console.log(fingerprint(process.argv[3] ? path.resolve(process.argv[3]) : root));
  } else if (process.argv.includes('--end') && fs.existsSync(BEGUN)) {
    markBuilt(fs.readFileSync(BEGUN, 'utf8'));
    fs.rmSync(BEGUN, { force: true });
  }
}
