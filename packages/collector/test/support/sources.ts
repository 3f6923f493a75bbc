/**
 * What the sources' tests share: a SOURCES_FILE written to disk, and a tiny webhook adapter that
 * proves the hooks route without any vendor's scheme: an HMAC-SHA256 (hex) of the raw body with the
 * source's secret in `x-test-signature`, a JSON body `{"events": [...]}` of email-like events.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { WebhookBodyError, type SourceEvent, type SourceKind, type WebhookAdapter } from '../../src/sources/types';

export function writeSources(dir: string, sources: unknown[], name = 'sources.json'): string {
  const file = path.join(dir, name);
  // write then rename, as an editor or a deploy does: the collector never reads half a file
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(sources, null, 2));
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

/** Every file under `dir` as text (gzip objects inflated), one after the other: where a secret must not be. */
export function allText(dir: string): string {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => (f.endsWith('.gz') ? zlib.gunzipSync(fs.readFileSync(f)) : fs.readFileSync(f)).toString('utf8'))
    .join('\n');
}

export const sign = (secret: string, raw: string | Buffer): string => createHmac('sha256', secret).update(raw).digest('hex');

export interface TestHookEvent {
  id?: unknown;
  type: string;
  at: string;
  email?: string;
  url?: string;
  ip?: string;
  ua?: string;
  anonymous_id?: string;
  action?: string;
}

export function testAdapter(kind: SourceKind = 'mailchimp', acceptsGet = true): WebhookAdapter {
  return {
    kind,
    acceptsGet,
    verify(source, req) {
      if (req.method === 'GET') return req.query.get('secret') === source.secret ? { ok: true } : { ok: false, status: 401, reason: 'wrong ?secret=' };
      const sent = Buffer.from(req.headers['x-test-signature'] ?? '', 'utf8');
      const want = Buffer.from(sign(source.secret!, req.raw), 'utf8');
      return sent.length === want.length && timingSafeEqual(sent, want) ? { ok: true } : { ok: false, status: 401, reason: 'x-test-signature does not match the body' };
    },
    parse(_source, req) {
      let body: { events?: TestHookEvent[] };
      try {
        body = JSON.parse(req.raw.toString('utf8'));
      } catch (err) {
        throw new WebhookBodyError(`malformed JSON: ${(err as Error).message}`);
      }
      if (!Array.isArray(body?.events)) throw new WebhookBodyError('no "events" array');
      return body.events.map((e): SourceEvent => {
        const url = e.url ? new URL(e.url) : null;
        const utm = url ? Object.fromEntries(['source', 'medium', 'campaign'].flatMap((k) => (url.searchParams.get(`utm_${k}`) ? [[k, url.searchParams.get(`utm_${k}`)!]] : []))) : undefined;
        return {
          vendor_id: e.id as string,
          action: e.action ?? (e.type === 'open' ? 'Email opened' : e.type === 'click' ? 'Email clicked' : e.type),
          action_type: 'custom',
          vendor_event: e.type,
          occurred_at: e.at,
          email: e.email,
          anonymous_id: e.anonymous_id,
          page: url ? { url: url.href } : undefined,
          utm,
          ip: e.ip,
          user_agent: e.ua,
        };
      });
    },
  };
}
