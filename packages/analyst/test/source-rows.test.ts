/**
 * Rows of other apps (contract §10) read by `actionlake compact` like any other: written by the real
 * collector's server API (no anonymous_id, no session_id, an origin and an email_sha256) beside a
 * page's rows and rows of schema 1-1-0 (no origin), every one lands in tables/events with the
 * origin and email_sha256 columns typed.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createApp, defaultConfig, LocalFolderSink } from '../../collector/src/app';
import { emailSha256 } from '@actionlake/schema/node';
import { BROWSER_UA, cli, event, query, tempDir } from './support/lake';

jest.setTimeout(60_000);

it('build (compact, models) keeps every row of a source beside a page\'s rows and old rows without origin', async () => {
  const root = tempDir('source-rows');
  const lake = path.join(root, 'lake');
  try {
    const sourcesFile = path.join(root, 'sources.json');
    fs.writeFileSync(sourcesFile, JSON.stringify([{ id: 'backend', kind: 'server', site: 'shop', write_key: 'wk_analyst_12345' }]));
    const collector = await createApp({
      config: defaultConfig({ lakeDir: lake, spoolDir: path.join(root, 'spool'), sourcesFile, collectorId: 'src', flushIntervalMs: 3_600_000 }),
      sink: new LocalFolderSink(lake),
    });
    await collector.listen(0, '127.0.0.1');
    const at = new Date().toISOString();
    try {
      const page = await fetch(`${collector.url()}/v1/batch`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA }, body: JSON.stringify({ sent_at: at, events: [event(at)] }),
      });
      expect(page.status).toBe(200);
      const server = await fetch(`${collector.url()}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('wk_analyst_12345:').toString('base64')}` },
        body: JSON.stringify({ batch: [
          { type: 'identify', userId: 'u-1', traits: { email: 'Ann@Example.com' }, messageId: 'm-1', timestamp: at },
          { type: 'track', userId: 'u-1', event: 'Order Completed', properties: { revenue: 20 }, messageId: 'm-2', timestamp: at },
        ] }),
      });
      expect(await server.json()).toMatchObject({ accepted: 2 });
      await collector.flush();
    } finally {
      await collector.close();
    }
    // a row as schema 1-1-0 wrote it: no origin, no email_sha256
    const old = { ...event(at, { anonymous_id: 'anon-old' }), received_at: at, occurred_at: at, ip: null, ua: { raw: null }, geo: null, source: null, source_type: 'direct', schema_version: '1-1-0', collector_id: 'old', bot: { is_bot: false, class: null, reasons: [] }, consent: { state: 'granted', gpc: false, source: 'default' } };
    const dir = path.join(lake, `events/site_id=shop/dt=${at.slice(0, 10)}/hour=${at.slice(11, 13)}`);
    fs.writeFileSync(path.join(dir, 'old-1.ndjson.gz'), zlib.gzipSync(`${JSON.stringify(old)}\n`));

    const r = await cli(['build', '--lake', lake]); // compact, then every model
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = await query<Record<string, unknown>>(['--lake', lake], 'SELECT action, anonymous_id, session_id, user_id, origin.kind AS kind, origin.source_id AS source_id, origin.id AS vendor_id, email_sha256 FROM events ORDER BY action, anonymous_id');
    expect(rows).toEqual([
      { action: 'Identified', anonymous_id: null, session_id: null, user_id: 'u-1', kind: 'server', source_id: 'backend', vendor_id: 'm-1', email_sha256: emailSha256('ann@example.com') },
      { action: 'Order Completed', anonymous_id: null, session_id: null, user_id: 'u-1', kind: 'server', source_id: 'backend', vendor_id: 'm-2', email_sha256: null },
      { action: 'Page viewed', anonymous_id: 'anon-1', session_id: 'sess-1', user_id: null, kind: 'browser', source_id: null, vendor_id: null, email_sha256: null },
      { action: 'Page viewed', anonymous_id: 'anon-old', session_id: 'sess-1', user_id: null, kind: null, source_id: null, vendor_id: null, email_sha256: null },
    ]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
