// The yardstick: what a plain Express app doing the same job looks like, written the obvious way.
//   node naive-express.mjs PORT DIR
// express.json() parses the body, ua-parser-js parses the User-Agent, geoip-lite looks the address
// up, every event gets received_at/ua/geo, and each request appends its rows to one file and
// fsyncs it before answering (durable like the collector, but one fsync per request, no group
// commit, no validation, no dedup, no lake upload).
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import geoip from 'geoip-lite';
import { UAParser } from 'ua-parser-js';

const [port, dir] = [Number(process.argv[2]), process.argv[3]];
fs.mkdirSync(dir, { recursive: true });
const fh = await fs.promises.open(path.join(dir, 'events.ndjson'), 'a');

const app = express();
app.use(express.json({ limit: '1mb', type: () => true }));
app.post('/v1/batch', async (req, res) => {
  const events = Array.isArray(req.body?.events) ? req.body.events : [];
  const ua = new UAParser(req.headers['user-agent']).getResult();
  const ip = (req.headers['x-forwarded-for'] ?? req.socket.remoteAddress ?? '').split(',').pop().trim();
  const geo = geoip.lookup(ip);
  const receivedAt = new Date().toISOString();
  const lines = events.map((e) => JSON.stringify({ ...e, received_at: receivedAt, ip, ua, geo })).join('\n') + '\n';
  await fh.write(lines);
  await fh.datasync();
  res.json({ accepted: events.length, rejected: 0, errors: [] });
});
app.get('/', (_req, res) => res.send('ok'));
app.listen(port, '127.0.0.1', () => console.log('ready'));
