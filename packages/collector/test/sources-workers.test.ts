/**
 * SOURCES_FILE with WORKERS=2: each worker reads the file on its own, and both take a change within
 * a poll or two, so whichever worker a vendor's connection lands on answers the same. The process's
 * own log (stdout) never holds a secret.
 */
import fs from 'node:fs';
import { tempDir, waitFor } from './support/harness';
import { startServerProcess } from './support/server-process';
import { writeSources } from './support/sources';

const SECRET = 'shpss_worker_secret_93ab';

describe('SOURCES_FILE with WORKERS=2', () => {
  it('is read again by both workers when it changes', async () => {
    const root = tempDir('sources-workers');
    writeSources(root, []);
    const server = await startServerProcess(root, 2, { SOURCES_FILE: `${root}/sources.json`, SOURCES_POLL_MS: '100', COLLECTOR_ID: 'sw' });
    try {
      // a fresh connection each time: the primary hands them to both workers in turn
      const statuses = async (n: number) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) out.push((await fetch(`${server.url}/v1/hooks/late`, { method: 'POST', headers: { connection: 'close' }, body: '{}' })).status);
        return out;
      };
      expect(new Set(await statuses(6))).toEqual(new Set([404]));
      writeSources(root, [{ id: 'late', kind: 'server', site: 'shop', write_key: 'wk_late_12345678' }, { id: 'orders', kind: 'shopify', site: 'shop', secret: SECRET }]);
      // within a few polls, every answer (both workers) knows the source: a server source is no webhook (400)
      await waitFor(() => statuses(6), (s) => s.every((x) => x === 400), 10_000);
      expect(new Set(await statuses(10))).toEqual(new Set([400]));
      expect((server.output().match(/SOURCES_FILE read again/g) ?? []).length).toBeGreaterThanOrEqual(2);
    } finally {
      expect(await server.stop()).toBe(0);
      expect(server.output()).not.toContain(SECRET);
      expect(server.output()).not.toContain('wk_late_12345678');
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 90_000);
});
