// Load generator, run in its own process (pinned to the other core by run.mjs):
//   node load.mjs URL BATCH_SIZE CONCURRENCY SECONDS [segment]
// (BATCH_SIZE 0: GET requests without a body, as the SDK's fetch of the action definitions;
// `segment`: server API bodies, segment-bodies.mjs, with the write key of BENCH_WRITE_KEY.)
// Keeps CONCURRENCY requests in flight for SECONDS (after a 1 s warm-up) and prints one JSON line.
import http from 'node:http';
import { bodyMaker, headersFor } from './bodies.mjs';
import { segmentBodyMaker, segmentHeadersFor } from './segment-bodies.mjs';

const [url, size, concurrency, seconds, kind] = process.argv.slice(2);
const segment = kind === 'segment';
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const isGet = Number(size) === 0;
const makeBody = isGet ? () => '' : segment ? segmentBodyMaker(Number(size), process.env.BENCH_WRITE_KEY) : bodyMaker(Number(size));
const headersOf = segment ? segmentHeadersFor(process.env.BENCH_WRITE_KEY) : headersFor;
const warmupEnd = Date.now() + 1000;
const end = warmupEnd + Number(seconds) * 1000;
let ok = 0, allOk = 0, failed = 0, n = 0;
const statuses = {};

function one() {
  return new Promise((resolve) => {
    const body = makeBody();
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: isGet ? 'GET' : 'POST', agent,
        headers: isGet ? { 'user-agent': headersFor(n++)['user-agent'] } : { ...headersOf(n++), 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => {
          const counted = Date.now() > warmupEnd;
          if (res.statusCode < 300) allOk++;
          if (counted) {
            statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
            if (res.statusCode < 300) ok++; else failed++;
          }
          resolve();
        });
      },
    );
    req.on('error', () => { failed++; resolve(); });
    req.end(body);
  });
}

async function worker() {
  while (Date.now() < end) await one();
}

await Promise.all(Array.from({ length: Number(concurrency) }, worker));
console.log(JSON.stringify({ requests_per_s: ok / Number(seconds), ok, all_ok: allOk, failed, statuses }));
agent.destroy();
