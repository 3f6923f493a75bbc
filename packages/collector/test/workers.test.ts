/**
 * WORKERS: the real server process with two workers on one port, each with its own spool folder
 * and collector id; SIGTERM flushes both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { batch, event, lakeRows, tempDir, waitFor } from './support/harness';

const SERVER = path.resolve(__dirname, '../dist/server.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(root: string, workers: number, extra: Record<string, string> = {}): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [SERVER], {
    env: { ...process.env, WORKERS: String(workers), PORT: String(port), HOST: '127.0.0.1', GEOIP: '0', DEMO_DIR: '', LOG_LEVEL: 'info', COLLECTOR_ID: 'multi', LAKE_DIR: path.join(root, 'lake'), SPOOL_DIR: path.join(root, 'spool'), FLUSH_INTERVAL_MS: '600000', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  // both workers listening
  await waitFor(() => (out.match(/collector listening/g) ?? []).length, (n) => n >= workers, 60_000);
  return { proc, url, output: () => out };
}

const exited = (p: ChildProcess) => new Promise<number | null>((r) => (p.exitCode !== null ? r(p.exitCode) : p.on('exit', (code) => r(code))));

describe('WORKERS=2', () => {
  it('serves one port from two processes with their own spool and collector id; SIGTERM stores every acknowledged event', async () => {
    const root = tempDir('workers');
    try {
      // what a run with one process left in SPOOL_DIR itself: handed to worker 1, not forgotten
      const left = event({ site_id: 'shop' });
      const hour = new Date().toISOString().slice(0, 13);
      fs.mkdirSync(path.join(root, 'spool'));
      fs.writeFileSync(path.join(root, 'spool', 'seg-000000000007.ndjson'), `e\tshop\t${hour}\t${left.event_id}\t${JSON.stringify({ ...left, received_at: new Date().toISOString() })}\n`);
      const { proc, url, output } = await startServer(root, 2);
      const sent: string[] = [left.event_id as string];
      for (let i = 0; i < 30; i++) {
        const e = event();
        // a fresh connection each time, so the primary hands them to both workers
        const res = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'text/plain', connection: 'close' }, body: JSON.stringify(batch([e])) });
        expect(res.status).toBe(200);
        sent.push(e.event_id as string);
      }
      expect(fs.readdirSync(path.join(root, 'spool')).sort()).toEqual(['worker-1', 'worker-2']);
      proc.kill('SIGTERM');
      const code = await exited(proc);
      // the server's log beside a wrong exit code: why a worker's shutdown failed
      expect({ code, log: code === 0 ? '' : output() }).toEqual({ code: 0, log: '' });
      const rows = lakeRows(path.join(root, 'lake'), 'events/');
      expect(rows.map((r) => r.row.event_id).sort()).toEqual([...sent].sort());
      expect([...new Set(rows.map((r) => r.row.collector_id).filter(Boolean))].sort()).toEqual(['multi-w1', 'multi-w2']);
      expect(output()).not.toMatch(/"level":50/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 90_000);

  it('a live listener held by one worker sees the events every worker handles', async () => {
    const root = tempDir('workers-live');
    const { proc, url } = await startServer(root, 2, { ADMIN_TOKEN: 'secret' });
    const stream = new AbortController();
    try {
      const res = await fetch(`${url}/v1/sites/shop/live?token=secret`, { signal: stream.signal });
      expect(res.status).toBe(200);
      let text = '';
      const reading = (async () => {
        const decoder = new TextDecoder();
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
      })().catch(() => undefined);
      const sent: string[] = [];
      for (let i = 0; i < 20; i++) {
        const e = event({ site_id: 'shop' });
        // a fresh connection each time, so the primary hands them to both workers
        const r = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'text/plain', connection: 'close' }, body: JSON.stringify(batch([e])) });
        expect(r.status).toBe(200);
        sent.push(e.event_id as string);
      }
      expect(await waitFor(() => sent.filter((id) => text.includes(id)).length, (n) => n === sent.length, 20_000)).toBe(sent.length);
      stream.abort();
      await reading;
    } finally {
      proc.kill('SIGTERM');
      await exited(proc);
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 90_000);
});
