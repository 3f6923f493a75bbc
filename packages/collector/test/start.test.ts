/**
 * `npm start` as a newcomer meets it (issue 23, item 9): no rebuild when no source changed, the
 * demo's and the recorder's addresses printed, and a line when rows reach the lake. Runs the real
 * scripts/start.mjs (which builds first if the sources changed since the last build).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { batch, event, tempDir, waitFor } from './support/harness';
import { exited, freePort } from './support/server-process';

const ROOT = path.resolve(__dirname, '../../..');
const START = path.join(ROOT, 'scripts/start.mjs');
const STATE = path.join(ROOT, 'scripts/build-state.mjs');

async function npmStart(root: string, port: number) {
  const proc = spawn(process.execPath, [START], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', GEOIP: '0', WORKERS: '2', LAKE_DIR: path.join(root, 'lake'), SPOOL_DIR: path.join(root, 'spool'), FLUSH_INTERVAL_MS: '1000', ADMIN_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  await waitFor(() => out, (o) => o.includes('ActionLake is running') || proc.exitCode !== null, 600_000);
  return { proc, output: () => out };
}

describe('npm start', () => {
  it('prints where the demo and the recorder are, says when rows are written, and does not rebuild an unchanged tree', async () => {
    const root = tempDir('start');
    const port = await freePort();
    try {
      const first = await npmStart(root, port);
      expect(first.output()).toContain(`demo shop   http://localhost:${port}/demo/`);
      expect(first.output()).toContain(`recorder    http://localhost:${port}/demo/#actionlake-recorder   (to save actions: ADMIN_TOKEN=choose-a-secret npm start)`);
      expect(first.output()).toMatch(/Rows reach the lake every 1 s \(FLUSH_INTERVAL_MS\)/);
      expect((await fetch(`http://127.0.0.1:${port}/demo/`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/v1/batch`, { method: 'POST', body: JSON.stringify(batch([event()])) })).status).toBe(200);
      expect(await waitFor(() => first.output(), (o) => /info rows written to the lake {2}rows=1 objects=1/.test(o), 30_000)).toMatch(/rows written to the lake/);
      expect(fs.readdirSync(path.join(root, 'lake', 'events'), { recursive: true }).some((f) => String(f).endsWith('.ndjson.gz'))).toBe(true);
      first.proc.kill('SIGINT');
      const code = await exited(first.proc);
      expect({ code, log: code === 0 ? '' : first.output() }).toEqual({ code: 0, log: '' });

      // nothing changed since: no build this time
      const second = await npmStart(root, port);
      expect(second.output()).toContain('the build is up to date');
      expect(second.output()).not.toContain('building');
      second.proc.kill('SIGINT');
      const again = await exited(second.proc);
      expect({ code: again, log: again === 0 ? '' : second.output() }).toEqual({ code: 0, log: '' });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 900_000);

  it('tells a changed source from an unchanged tree by content, whatever the file times say', () => {
    const tree = tempDir('fingerprint');
    const print = () => spawnSync(process.execPath, [STATE, '--fingerprint', tree], { encoding: 'utf8' }).stdout.trim();
    try {
      const src = path.join(tree, 'packages/collector/src/app.ts');
      fs.mkdirSync(path.dirname(src), { recursive: true });
      fs.writeFileSync(src, 'export const a = 1;\n');
      fs.writeFileSync(path.join(tree, 'package.json'), '{}');
      const before = print();
      const { mtime } = fs.statSync(src);
      fs.writeFileSync(src, 'export const a = 2;\n');
      fs.utimesSync(src, mtime, mtime); // a checkout that keeps the old time
      expect(print()).not.toBe(before);
      fs.writeFileSync(src, 'export const a = 1;\n');
      expect(print()).toBe(before);
      // what a build or a test run writes is not an input
      fs.mkdirSync(path.join(tree, 'packages/collector/dist'), { recursive: true });
      fs.writeFileSync(path.join(tree, 'packages/collector/dist/app.js'), 'x');
      fs.mkdirSync(path.join(tree, 'packages/collector/test'), { recursive: true });
      fs.writeFileSync(path.join(tree, 'packages/collector/test/x.test.ts'), 'x');
      expect(print()).toBe(before);
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  });
});
