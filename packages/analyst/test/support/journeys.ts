/**
 * Known-answer journeys sent through the REAL collector (createApp on a real port, real HTTP, a
 * LocalFolderSink lake), then `actionlake build` run in-process on that lake. Other apps (contract
 * §10) come in as they would: the server API with a write key, the vendors' signed webhooks, each
 * a source of the SOURCES_FILE `Shop.open({ sources })` writes.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createApp, defaultConfig, LocalFolderSink, type Collector } from '../../../collector/src/app';
import { run } from '../../src/cli/run';

export const SITE = 'shop';
export const TOKEN = 'models-editor-token';
export const PHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
export const LAPTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

const DAY = 86_400_000;

export interface Hit {
  /** the site (default SITE) */
  site?: string;
  anon: string;
  session: string;
  /** days and hours before now (so the lake's day is today and occurred_at is in the past) */
  at: number;
  ua?: string;
  path?: string;
  referrer?: string;
  utm?: Record<string, string>;
  click_ids?: Record<string, string>;
  user_id?: string | null;
  action?: string;
  action_type?: string;
  products?: Record<string, unknown>[];
  attributes?: Record<string, unknown>;
  traits?: Record<string, unknown>;
}

export class Shop {
  private constructor(
    readonly root: string,
    readonly lakeDir: string,
    private readonly collector: Collector,
    readonly url: string,
    private readonly now: number,
  ) {}

  static async open(o: { sources?: Record<string, unknown>[] } = {}): Promise<Shop> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'actionlake-models-'));
    const lakeDir = path.join(root, 'lake');
    const sourcesFile = o.sources ? path.join(root, 'sources.json') : null;
    if (sourcesFile) fs.writeFileSync(sourcesFile, JSON.stringify(o.sources));
    const config = defaultConfig({ lakeDir, spoolDir: path.join(root, 'spool'), flushIntervalMs: 3_600_000, adminToken: TOKEN, sourcesFile });
    const collector = await createApp({ config, sink: new LocalFolderSink(lakeDir), geo: () => ({ country: 'DE', region: null, city: null, continent: 'EU', timezone: null, latitude: null, longitude: null }) });
    await collector.listen(0, '127.0.0.1');
    return new Shop(root, lakeDir, collector, collector.url(), Date.now());
  }

  /** `days` ago (fractions allowed), as an ISO time. */
  ago(days: number): string {
    return new Date(this.now - days * DAY).toISOString();
  }

  /** One event per hit, each in its own POST /v1/batch with that device's User-Agent. */
  async send(...hits: Hit[]): Promise<void> {
    for (const h of hits) {
      const pagePath = h.path ?? '/';
      const query = new URLSearchParams({ ...(h.utm ? Object.fromEntries(Object.entries(h.utm).map(([k, v]) => [`utm_${k}`, v])) : {}), ...(h.click_ids ?? {}) }).toString();
      const ev: Record<string, unknown> = {
        event_id: randomUUID(),
        site_id: h.site ?? SITE,
        action: h.action ?? 'Page viewed',
        action_type: h.action_type ?? (h.action ? 'custom' : 'pageview'),
        triggered_at: this.ago(h.at),
        anonymous_id: h.anon,
        session_id: h.session,
        user_id: h.user_id ?? null,
        page: { url: `https://shop.example${pagePath}${query ? `?${query}` : ''}`, path: pagePath, title: 'Shop', referrer: h.referrer ?? '' },
      };
      for (const k of ['utm', 'click_ids', 'products', 'attributes', 'traits'] as const) if (h[k] !== undefined) ev[k] = h[k];
      const res = await fetch(`${this.url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': h.ua ?? LAPTOP_UA },
        body: JSON.stringify({ sent_at: new Date().toISOString(), events: [ev] }),
      });
      const body = await res.json();
      if (res.status !== 200 || body.accepted !== 1) throw new Error(`collector refused ${JSON.stringify(ev)}: ${res.status} ${JSON.stringify(body)}`);
    }
  }

  /** Segment messages through the server API (`/v1/batch`, the write key as HTTP Basic); all must be accepted. */
  async server(writeKey: string, batch: Record<string, unknown>[]): Promise<void> {
    const res = await fetch(`${this.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      body: JSON.stringify({ batch, sentAt: new Date().toISOString() }),
    });
    const body = await res.json();
    if (res.status !== 200 || body.accepted !== batch.length) throw new Error(`server API refused ${JSON.stringify(batch)}: ${res.status} ${JSON.stringify(body)}`);
  }

  /** A webhook delivery to POST /v1/hooks/<source>, signed by the caller; returns the status. */
  async hook(source: string, body: string, headers: Record<string, string>): Promise<number> {
    const res = await fetch(`${this.url}/v1/hooks/${source}`, { method: 'POST', headers, body });
    await res.arrayBuffer();
    return res.status;
  }

  /** PUT an action definition through the collector's API (stored in the lake's config/). */
  async defineAction(id: string, def: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${this.url}/v1/sites/${SITE}/actions/${id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(def),
    });
    if (res.status !== 201 && res.status !== 200) throw new Error(`PUT action ${id}: ${res.status} ${await res.text()}`);
  }

  writeModel(model: unknown): void {
    const dir = path.join(this.lakeDir, 'config', `site_id=${SITE}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(model));
  }

  /** Stops the collector: everything it accepted is in the lake's events/ objects. */
  async close(): Promise<void> {
    await this.collector.close();
  }

  async actionlake(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await run([...argv, '--lake', this.lakeDir], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: { ACTIONLAKE_TMP_DIR: this.root },
    });
    return { code, stdout, stderr };
  }

  /** `actionlake query SQL --json`, parsed; fails the test on a non-zero exit. */
  async query<T = Record<string, any>>(sql: string): Promise<T[]> {
    const r = await this.actionlake('query', sql, '--json');
    if (r.code !== 0) throw new Error(`query failed (${r.code}): ${r.stderr}`);
    return JSON.parse(r.stdout) as T[];
  }

  /**
   * Rows as the collector writes them for a crawler (contract §8: `bot.is_bot`), made from a real
   * lake row of this lake: a new event id and the given fields; written as one more raw object.
   */
  writeBotRows(...overrides: Record<string, unknown>[]): void {
    const dir = path.join(this.lakeDir, 'events', `site_id=${SITE}`);
    const first = (fs.readdirSync(dir, { recursive: true }) as string[]).find((f) => f.endsWith('.ndjson.gz'))!;
    const template = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, first))).toString('utf8').split('\n')[0]);
    const rows = overrides.map((o) => JSON.stringify({ ...template, event_id: randomUUID(), bot: { is_bot: true, class: 'crawler', reasons: ['ua:Googlebot'] }, ...o }));
    fs.writeFileSync(path.join(dir, path.dirname(first), 'bot-rows-1.ndjson.gz'), zlib.gzipSync(rows.join('\n') + '\n'));
  }

  /**
   * Rows of another app as `actionlake import` writes them (contract §10: no anonymous_id, no
   * session, no ip or user agent, origin {kind: 'import', source_id}), made from a real source row
   * of this lake (a webhook's): the given fields over it; written as one more raw object.
   */
  writeImportRows(sourceId: string, ...rows: Record<string, unknown>[]): void {
    const dir = path.join(this.lakeDir, 'events', `site_id=${SITE}`);
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ndjson.gz'));
    const all = files.flatMap((f) => zlib.gunzipSync(fs.readFileSync(path.join(dir, f))).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));
    const template = all.find((r) => r.origin && r.origin.kind !== 'browser');
    if (!template) throw new Error('no source row in the lake to shape import rows on');
    const { anonymous_id: _a, session_id: _s, email_sha256: _e, page: _p, utm: _u, click_ids: _c, products: _pr, attributes: _at, traits: _t, ...base } = template;
    const out = rows.map((o, i) => JSON.stringify({
      ...base, event_id: randomUUID(), user_id: null, ip: null, geo: null, ua: { raw: null, browser: { name: null, version: null }, os: { name: null, version: null }, device: { type: null, vendor: null, model: null }, engine: { name: null } },
      source: null, source_type: null, origin: { kind: 'import', source_id: sourceId, id: `line-${i + 2}` }, ...o,
    }));
    fs.writeFileSync(path.join(dir, path.dirname(files[0]), `import-${sourceId}-1.ndjson.gz`), zlib.gzipSync(out.join('\n') + '\n'));
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
