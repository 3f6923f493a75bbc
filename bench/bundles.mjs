// Browser bundle sizes against their budgets (gzip level 9). `node bench/bundles.mjs` (npm run
// bench:size) prints them and exits non-zero when one is over; bench/run.mjs includes them.
// Two gzips: Node's zlib (what the collector serves as <file>.gz) and GNU `gzip -9 -c <file>`
// (what the owners check with; its deflate parses differently, and its header holds the file's
// name): a bundle is within budget when both are.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const BUDGETS = [
  { name: 'sdk.js', file: 'packages/sdk/dist/sdk.js', budget_gzip_bytes: 8 * 1024 },
  // loaded by sdk.js only on sites whose action definitions map products or attributes
  { name: 'sdk-fields.js', file: 'packages/sdk/dist/sdk-fields.js', budget_gzip_bytes: 2 * 1024 },
  { name: 'recorder.js', file: 'packages/recorder/dist/recorder.js', budget_gzip_bytes: 30 * 1024 },
];

export function bundleSizes() {
  return BUDGETS.map((b) => {
    const body = fs.readFileSync(path.join(root, b.file));
    const gzip = zlib.gzipSync(body, { level: 9 }).length;
    const gnu = gnuGzip(path.join(root, b.file));
    return { ...b, minified_bytes: body.length, gzip_bytes: gzip, gnu_gzip_bytes: gnu, within_budget: Math.max(gzip, gnu ?? 0) <= b.budget_gzip_bytes };
  });
}

/** `gzip -9 -c file | wc -c`; null without a gzip command */
function gnuGzip(file) {
  try {
    return execFileSync('gzip', ['-9', '-c', file], { maxBuffer: 1 << 26 }).length;
  } catch {
    return null;
  }
}

export function printSizes(sizes) {
  const f = (n) => Math.round(n).toLocaleString('en-US');
  for (const s of sizes) {
    console.log(`${s.name}: ${f(s.minified_bytes)} B minified, ${f(s.gzip_bytes)} B gzip${s.gnu_gzip_bytes === null ? '' : `, ${f(s.gnu_gzip_bytes)} B gzip -9`} (budget ${f(s.budget_gzip_bytes)}): ${s.within_budget ? 'OK' : 'OVER BUDGET'}`);
  }
  return sizes.every((s) => s.within_budget);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!printSizes(bundleSizes())) process.exitCode = 1;
}
