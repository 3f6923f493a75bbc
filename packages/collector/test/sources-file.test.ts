/** SOURCES_FILE's checks: each problem named by its entry and field, all at once, never a secret quoted. */
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createApp, defaultConfig, LocalFolderSink } from '../src/app';
import { parseSources } from '@actionlake/schema/node';
import { tempDir } from './support/harness';

const FILE = '/etc/actionlake/sources.json';
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
const SENDGRID_DER = ec.export({ format: 'der', type: 'spki' }).toString('base64');
const SENDGRID_PEM = ec.export({ format: 'pem', type: 'spki' }) as string;

const errorOf = (value: unknown, sites: Set<string> | null = null): string => {
  try {
    parseSources(typeof value === 'string' ? value : JSON.stringify(value), FILE, sites);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('no error');
};

describe('SOURCES_FILE', () => {
  it('takes one entry of each kind, each with its own secret field', () => {
    const sources = parseSources(JSON.stringify([
      { id: 'backend', kind: 'server', site: 'shop', write_key: 'wk_12345678', description: 'the shop backend' },
      { id: 'sg', kind: 'sendgrid', site: 'shop', public_key: SENDGRID_DER },
      { id: 'sg-pem', kind: 'sendgrid', site: 'shop', public_key: SENDGRID_PEM },
      { id: 'mg', kind: 'mailgun', site: 'shop', secret: 'key-12345678' },
      { id: 'mc', kind: 'mailchimp', site: 'shop', secret: 'a-long-url-secret' },
      { id: 'orders', kind: 'shopify', site: 'shop', secret: 'shpss_12345678' },
      { id: 'pay', kind: 'stripe', site: 'shop', secret: 'whsec_12345678' },
      { id: 'crm', kind: 'import', site: 'shop' },
    ]), FILE);
    expect(sources.map((s) => `${s.id}:${s.kind}`)).toEqual(['backend:server', 'sg:sendgrid', 'sg-pem:sendgrid', 'mg:mailgun', 'mc:mailchimp', 'orders:shopify', 'pay:stripe', 'crm:import']);
    expect(sources[0]).toEqual({ id: 'backend', kind: 'server', site: 'shop', write_key: 'wk_12345678' });
  });

  it('names every problem by its entry and field, at once', () => {
    const message = errorOf([
      { id: 'ok', kind: 'server', site: 'shop', write_key: 'wk_12345678' },
      { id: 'Bad Id', kind: 'stripe', site: 'shop', secret: 'whsec_12345678' },
      { id: 'typo', kind: 'strip', site: 'shop', secret: 'whsec_12345678' },
      { id: 'nosecret', kind: 'shopify', site: 'shop' },
      { id: 'wrongfield', kind: 'server', site: 'shop', secret: 'abcdefgh12', write_key: 'wk_abcdefgh' },
      { id: 'ok', kind: 'import', site: 'Shop!' },
      { id: 'camel', kind: 'server', site: 'shop', writeKey: 'wk_12345678', write_key: 'wk_99999999' },
      'not an object',
    ]);
    expect(message.split('; ')).toEqual([
      `SOURCES_FILE ${FILE}: sources[1]: id must match ^[a-z0-9][a-z0-9_-]{0,63}$, got "Bad Id"`,
      'sources[2] (id "typo"): kind must be one of server, sendgrid, mailgun, mailchimp, shopify, stripe, import, got "strip"',
      "sources[3] (id \"nosecret\"): secret is missing (a shopify source's secret)",
      'sources[4] (id "wrongfield"): secret is not used by a server source (its secret is write_key)',
      'sources[5] (id "ok"): site must be a site id (^[a-z0-9][a-z0-9_-]{0,63}$), got "Shop!"',
      'sources[5] (id "ok"): id "ok" is already the id of sources[0]',
      'sources[6] (id "camel"): unknown field "writeKey" (fields: id, kind, site, write_key, secret, public_key, description, tolerance_seconds)',
      'sources[7]: must be an object {"id", "kind", "site", …secret}',
    ]);
  });

  it('takes tolerance_seconds for the kinds that sign a timestamp, within 1 s to a week', () => {
    const [pay] = parseSources(JSON.stringify([{ id: 'pay', kind: 'stripe', site: 'shop', secret: 'whsec_12345678', tolerance_seconds: 600 }]), FILE);
    expect(pay.tolerance_seconds).toBe(600);
    const message = errorOf([
      { id: 'pay', kind: 'stripe', site: 'shop', secret: 'whsec_12345678', tolerance_seconds: 604_801 },
      { id: 'mg', kind: 'mailgun', site: 'shop', secret: 'key-12345678', tolerance_seconds: '300' },
      { id: 'orders', kind: 'shopify', site: 'shop', secret: 'shpss_12345678', tolerance_seconds: 300 },
    ]);
    expect(message).toContain('sources[0] (id "pay"): tolerance_seconds must be an integer from 1 to 604800, got "604801"');
    expect(message).toContain('sources[1] (id "mg"): tolerance_seconds must be an integer from 1 to 604800, got "300"');
    expect(message).toContain('sources[2] (id "orders"): tolerance_seconds is not used by a shopify source (only stripe, sendgrid, mailgun sign a timestamp)');
  });

  it('describes a bad secret without quoting it', () => {
    const shortKey = 'wk_1';
    const spaced = 'wk with spaces';
    const message = errorOf([
      { id: 'a', kind: 'server', site: 'shop', write_key: shortKey },
      { id: 'b', kind: 'server', site: 'shop', write_key: spaced },
      { id: 'c', kind: 'server', site: 'shop', write_key: 'wk_shared_1' },
      { id: 'd', kind: 'server', site: 'shop', write_key: 'wk_shared_1' },
      { id: 'e', kind: 'sendgrid', site: 'shop', public_key: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEgarbage' },
      { id: 'f', kind: 'stripe', site: 'shop', secret: ' whsec_padded ' },
      { id: 'g', kind: 'stripe', site: 'shop', secret: 12345678 },
    ]);
    expect(message.split('; ').slice(1)).toEqual([
      'sources[1] (id "b"): write_key must be printable ASCII without spaces or ":" (it is sent as HTTP Basic "KEY:")',
      'sources[3] (id "d"): write_key is the same as sources[2]\'s: each server source needs its own',
      'sources[4] (id "e"): public_key is not a public key: paste the verification key as SendGrid shows it (base64 DER) or as PEM',
      'sources[5] (id "f"): secret must not begin or end with white space',
      'sources[6] (id "g"): secret must be a string',
    ]);
    expect(message).toContain('sources[0] (id "a"): write_key must be 8 to 4096 characters long (it has 4)');
    for (const s of [shortKey, spaced, 'wk_shared_1', 'garbage', 'whsec_padded', '12345678']) expect(message).not.toContain(s);
  });

  it('refuses a site outside SITES, a file that is no array, and JSON it cannot parse without quoting the text', () => {
    expect(errorOf([{ id: 'x', kind: 'import', site: 'blog' }], new Set(['shop']))).toBe(`SOURCES_FILE ${FILE}: sources[0] (id "x"): site "blog" is not in SITES`);
    expect(errorOf({ sources: [] })).toBe(`SOURCES_FILE ${FILE} must be a JSON array of sources [{"id", "kind", "site", …secret}, …]`);
    expect(errorOf('[{"id": "x", "kind": "server", "write_key": "wk_secret_1"\n  "site": "shop"}]')).toBe(`SOURCES_FILE ${FILE} is not valid JSON (at line 2, column 3)`);
    const unquoted = errorOf('[{"id": "x", "secret": whsec_naked}]');
    expect(unquoted).toBe(`SOURCES_FILE ${FILE} is not valid JSON (an unexpected character)`);
    expect(errorOf('')).toBe(`SOURCES_FILE ${FILE} is not valid JSON (the text ends too early, or is empty)`);
  });

  it('stops the collector from starting with an invalid or missing file, saying why', async () => {
    const root = tempDir('sources-start');
    try {
      const file = path.join(root, 'sources.json');
      fs.writeFileSync(file, JSON.stringify([{ id: 'x', kind: 'server', site: 'shop' }]));
      const config = defaultConfig({ lakeDir: path.join(root, 'lake'), spoolDir: path.join(root, 'spool'), sourcesFile: file });
      await expect(createApp({ config, sink: new LocalFolderSink(config.lakeDir) })).rejects.toThrow(`SOURCES_FILE ${file}: sources[0] (id "x"): write_key is missing (a server source's secret)`);
      const missing = { ...config, sourcesFile: path.join(root, 'nope.json') };
      await expect(createApp({ config: missing, sink: new LocalFolderSink(config.lakeDir) })).rejects.toThrow(`SOURCES_FILE ${missing.sourcesFile} cannot be read: ENOENT`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
