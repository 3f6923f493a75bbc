/** The environment variables of the Action Recorder side of the collector (CONFIG.md). */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config';

describe('loadConfig: actions and the recorder bundle', () => {
  it('has the documented defaults, and action edits off without ADMIN_TOKEN', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      adminToken: null,
      actionsCacheMs: 5_000,
      actionMaxBytes: 16_384,
      actionsMaxBytes: 262_144,
      actionsMaxPerSite: 200,
      actionMaxFields: 30,
      actionSelectorMaxLength: 1_024,
    });
    expect(loadConfig({ ADMIN_TOKEN: '   ' }).adminToken).toBeNull();
  });

  it('reads every variable', () => {
    const c = loadConfig({
      ADMIN_TOKEN: ' s3cret\n', ACTIONS_CACHE_MS: '0', ACTION_MAX_BYTES: '4096', ACTIONS_MAX_BYTES: '65536',
      ACTIONS_MAX_PER_SITE: '10', ACTION_MAX_FIELDS: '5', ACTION_SELECTOR_MAX_LENGTH: '300', RECORDER_DIR: 'some/dir',
    });
    expect(c).toMatchObject({
      adminToken: 's3cret', actionsCacheMs: 0, actionMaxBytes: 4_096, actionsMaxBytes: 65_536,
      actionsMaxPerSite: 10, actionMaxFields: 5, actionSelectorMaxLength: 300, recorderDir: path.resolve('some/dir'),
    });
  });

  it('refuses values that are not numbers or too small, naming the variable', () => {
    expect(() => loadConfig({ ACTIONS_MAX_PER_SITE: '0' })).toThrow('ACTIONS_MAX_PER_SITE must be a number >= 1, got "0"');
    expect(() => loadConfig({ ACTION_MAX_BYTES: 'lots' })).toThrow(/^ACTION_MAX_BYTES must be a number/);
    // more fields than the lake schema accepts per event would make every such event a bad row
    expect(loadConfig({ ACTION_MAX_FIELDS: '100' }).actionMaxFields).toBe(100);
    expect(() => loadConfig({ ACTION_MAX_FIELDS: '101' })).toThrow('ACTION_MAX_FIELDS must be at most 100, got "101"');
  });

  it('serves /recorder.js by default from the dist folder of the @actionlake/recorder workspace', () => {
    const dir = loadConfig({}).recorderDir;
    expect(dir).toBe(path.join(fs.realpathSync(path.resolve(__dirname, '../../recorder')), 'dist'));
  });
});

describe('loadConfig: ingest limits, connections and workers (issue 10)', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({ SPOOL_MAX_BYTES: '1600' });
    expect(c).toMatchObject({
      eventMaxItems: 100, eventMaxErrors: 20, sites: null, headerMaxChars: 512, spoolClientMaxBytes: 100,
      maxConnections: 10_000, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000,
    });
    expect(c.workers).toBeGreaterThanOrEqual(1);
  });

  it('reads every variable, and refuses a SITES entry that is not a site id', () => {
    const c = loadConfig({
      EVENT_MAX_ITEMS: '7', EVENT_MAX_ERRORS: '3', SITES: ' shop, blog ', HEADER_MAX_CHARS: '64', SPOOL_CLIENT_MAX_BYTES: '5000',
      MAX_CONNECTIONS: '50', HEADERS_TIMEOUT_MS: '2000', REQUEST_TIMEOUT_MS: '3000', KEEP_ALIVE_TIMEOUT_MS: '1000', WORKERS: '3',
    });
    expect(c).toMatchObject({
      eventMaxItems: 7, eventMaxErrors: 3, sites: ['shop', 'blog'], headerMaxChars: 64, spoolClientMaxBytes: 5_000,
      maxConnections: 50, headersTimeoutMs: 2_000, requestTimeoutMs: 3_000, keepAliveTimeoutMs: 1_000, workers: 3,
    });
    expect(() => loadConfig({ SITES: 'shop,Not A Site' })).toThrow('SITES must be site ids');
    expect(() => loadConfig({ WORKERS: '0' })).toThrow('WORKERS must be a number >= 1, got "0"');
  });
});

describe('loadConfig: the lake objects', () => {
  it('compresses at LAKE_GZIP_LEVEL 3 unless told otherwise, 0–9', () => {
    expect(loadConfig({}).lakeGzipLevel).toBe(3);
    expect(loadConfig({ LAKE_GZIP_LEVEL: '9' }).lakeGzipLevel).toBe(9);
    expect(loadConfig({ LAKE_GZIP_LEVEL: '0' }).lakeGzipLevel).toBe(0);
    expect(() => loadConfig({ LAKE_GZIP_LEVEL: '10' })).toThrow('LAKE_GZIP_LEVEL must be at most 9, got "10"');
  });

  it('lets V8 grow the heap by HEAP_GROWING_PERCENT (120) past its live size, 0 leaving it to V8', () => {
    expect(loadConfig({}).heapGrowingPercent).toBe(120);
    expect(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    expect(() => loadConfig({ HEAP_GROWING_PERCENT: '-1' })).toThrow('HEAP_GROWING_PERCENT must be a number >= 0, got "-1"');
  });
});
