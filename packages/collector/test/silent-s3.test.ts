/**
 * A silent S3: accepts connections and never answers. The AWS SDK alone would wait
 * S3_REQUEST_TIMEOUT_MS (30 s) × S3_MAX_ATTEMPTS (3) on every call; requests must not.
 */
import net from 'node:net';
import { S3Sink } from '../src/app';
import { event } from './support/fixtures';
import { start } from './support/harness';

let silent: net.Server;
const sockets = new Set<net.Socket>();
let endpoint: string;

beforeAll(async () => {
  silent = net.createServer((socket) => {
    sockets.add(socket); // read and never write
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  endpoint = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
});

const silentSink = () =>
  new S3Sink({
    bucket: 'lake', prefix: '', region: 'us-east-1', endpoint, forcePathStyle: true,
    requestTimeoutMs: 30_000, connectionTimeoutMs: 5_000, maxAttempts: 3, // the defaults of the collector
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });

const timed = async (url: string) => {
  const t0 = Date.now();
  const res = await fetch(url);
  return { res, ms: Date.now() - t0 };
};

describe('a silent S3', () => {
  it('/readyz answers 503 within LAKE_REQUEST_TIMEOUT_MS', async () => {
    const h = await start({ lakeRequestTimeoutMs: 500, shutdownTimeoutMs: 500 }, { sink: silentSink() });
    try {
      const { res, ms } = await timed(`${h.url}/readyz`);
      expect(res.status).toBe(503);
      expect((await res.json()).reason).toMatch(/lake not reachable.*500 ms/);
      expect(ms).toBeLessThan(3_000);
    } finally {
      await h.stop();
    }
  }, 15_000);

  it('GET actions answers 503 + Retry-After within LAKE_REQUEST_TIMEOUT_MS when there is no copy in memory', async () => {
    const h = await start({ lakeRequestTimeoutMs: 500, shutdownTimeoutMs: 500 }, { sink: silentSink() });
    try {
      const { res, ms } = await timed(`${h.url}/v1/sites/shop/actions`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect(ms).toBeLessThan(3_000);
    } finally {
      await h.stop();
    }
  }, 15_000);

  it('POST /v1/batch is answered within LAKE_REQUEST_TIMEOUT_MS (the suppression list read gives up)', async () => {
    const h = await start({ lakeRequestTimeoutMs: 500, shutdownTimeoutMs: 500 }, { sink: silentSink() });
    try {
      const t0 = Date.now();
      const res = await fetch(`${h.url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sent_at: new Date().toISOString(), events: [event()] }),
      });
      expect(res.status).toBe(200);
      expect((await res.json()).accepted).toBe(1);
      expect(Date.now() - t0).toBeLessThan(3_000);
    } finally {
      // the accepted event cannot reach the silent lake: the stop says so and leaves it in the spool
      await expect(h.stop()).rejects.toThrow(/SHUTDOWN_TIMEOUT_MS/);
    }
  }, 15_000);
});
