// Browser bundle sizes against their budgets (gzip level 9). `node bench/bundles.mjs` (npm run
// bench:size) prints them and exits non-zero when one is over; bench/run.mjs includes them.
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
    return { ...b, minified_bytes: body.length, gzip_bytes: gzip, within_budget: gzip <= b.budget_gzip_bytes };
  });
}

export function printSizes(sizes) {
  const f = (n) => Math.round(n).toLocaleString('en-US');
  for (const s of sizes) {
    console.log(`${s.name}: ${f(s.minified_bytes)} B minified, ${f(s.gzip_bytes)} B gzip (budget ${f(s.budget_gzip_bytes)}): ${s.within_budget ? 'OK' : 'OVER BUDGET'}`);
  }
  return sizes.every((s) => s.within_budget);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!printSizes(bundleSizes())) process.exitCode = 1;
}
