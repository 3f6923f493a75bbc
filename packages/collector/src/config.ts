/**
 * Collector configuration: every knob and limit, read from the environment (see ../CONFIG.md).
 * `loadConfig(env)` is the only place that reads process.env; everything else takes a Config.
 */
import os from 'node:os';
import path from 'node:path';
import { SITE_ID_PATTERN } from '@actionlake/schema';

export type IpMode = 'anonymize' | 'full' | 'none';
/** false: use the socket address; true: left-most X-Forwarded-For; n: trust n proxy hops. */
export type TrustProxy = boolean | number;

export interface S3Config {
  bucket: string;
  prefix: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  maxAttempts: number;
}

export interface Config {
  port: number;
  host?: string;
  lakeDir: string;
  s3: S3Config | null;
  spoolDir: string;
  flushIntervalMs: number;
  flushMaxBytes: number;
  spoolMaxBytes: number;
  /** lake objects written at the same time by a flush */
  uploadConcurrency: number;
  /** objects written per spool segment and flush pass; the rest follow in the next pass */
  flushMaxPartitions: number;
  /** zlib level of the lake's gzip objects (0–9) */
  lakeGzipLevel: number;
  /** '*' or an explicit list of origins allowed to POST /v1/batch from a browser. */
  allowedOrigins: '*' | string[];
  trustProxy: TrustProxy;
  ipMode: IpMode;
  geoEnabled: boolean;
  maxBodyBytes: number;
  maxBatchEvents: number;
  badPayloadMaxBytes: number;
  /** most entries of any array or object in one event, checked before the schema */
  eventMaxItems: number;
  /** most reasons kept per refused event */
  eventMaxErrors: number;
  dedupWindow: number;
  /** SITES: the site ids this collector stores events of; null = every valid site id */
  sites: string[] | null;
  /** longest header-derived string stored (User-Agent), in characters */
  headerMaxChars: number;
  /** how many spool bytes one client address may hold since the last flush */
  spoolClientMaxBytes: number;
  /** open connections at most (per worker); more are refused */
  maxConnections: number;
  /** time to receive a request's headers */
  headersTimeoutMs: number;
  /** time to receive a whole request, body included */
  requestTimeoutMs: number;
  /** how long an idle keep-alive connection is kept */
  keepAliveTimeoutMs: number;
  /** processes serving on the port (node:cluster); 1 = this process alone */
  workers: number;
  /** V8's heap may grow to (1 + this/100) × its live size before a full collection; 0: V8's own choice */
  heapGrowingPercent: number;
  rateLimitRps: number;
  rateLimitBurst: number;
  rateLimitMaxClients: number;
  uaCacheSize: number;
  collectorId: string;
  logLevel: string;
  shutdownTimeoutMs: number;
  /** deadline of each lake call made while answering a request (/readyz, action reads and edits) */
  lakeRequestTimeoutMs: number;
  retryMaxDelayMs: number;
  sdkDir: string;
  /** where /recorder.js is served from (the recorder package's dist) */
  recorderDir: string;
  demoDir: string | null;
  /** the editor token of the Action Recorder; null: action edits are refused */
  adminToken: string | null;
  /** how long GET /v1/sites/:site/actions may answer from memory (this collector's edits show at once) */
  actionsCacheMs: number;
  /** largest PUT body and largest encoded ActionDefinition */
  actionMaxBytes: number;
  /** largest stored actions file of one site */
  actionsMaxBytes: number;
  actionsMaxPerSite: number;
  /** product + attributes fields of one definition */
  actionMaxFields: number;
  /** longest CSS selector (selector, container, fallback.path, field values) */
  actionSelectorMaxLength: number;
  /** how long a site's suppression list (erased ids) may be used from memory */
  suppressedCacheMs: number;
  /** largest suppressed.json loaded */
  suppressedMaxBytes: number;
  /** the live view (GET /v1/sites/:site/live): events kept for a new listener, all sites together */
  liveBufferEvents: number;
  /** live view listeners at once; more get 503 */
  liveMaxListeners: number;
  /** unsent bytes a live listener may hold before it is dropped (it is not reading) */
  liveMaxQueuedBytes: number;
  /** a comment line this often keeps an idle live stream open through proxies */
  liveHeartbeatMs: number;
  /** SOURCES_FILE: the other apps' sources (contract §10); null: none */
  sourcesFile: string | null;
  /** how often SOURCES_FILE is looked at for changes */
  sourcesPollMs: number;
  /** largest webhook body read (POST /v1/hooks/:source), before its signature is checked */
  hookMaxBodyBytes: number;
  /** server API: largest body of one call (/v1/track, …), and largest message in a batch */
  serverMaxCallBytes: number;
  /** server API: largest `{"batch": [...]}` body */
  serverMaxBatchBytes: number;
  /** server API: most messages in one batch */
  serverMaxBatchEvents: number;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min = 0, max = Infinity): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number >= ${min}, got "${raw}"`);
  if (n > max) throw new Error(`${name} must be at most ${max}, got "${raw}"`);
  return Math.floor(n);
}

/** The lake schema allows at most 100 attributes (and traits) per event. */
const MAX_FIELDS_CEILING = 100;

function bool(raw: string | undefined, def: boolean): boolean {
  if (raw === undefined || raw.trim() === '') return def;
  return /^(1|true|yes|on)$/i.test(raw.trim());
}

export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const v = (raw ?? '').trim().toLowerCase();
  if (v === '' || v === '0' || v === 'false' || v === 'no' || v === 'off') return false;
  if (v === 'true' || v === 'yes' || v === 'on') return true;
  const n = Number(v);
  if (Number.isInteger(n) && n > 0) return n;
  throw new Error(`TRUST_PROXY must be 1/true/yes, a hop count or off, got "${raw}"`);
}

function ipMode(raw: string | undefined): IpMode {
  const v = (raw ?? 'anonymize').trim().toLowerCase() || 'anonymize';
  if (v === 'anonymize' || v === 'full' || v === 'none') return v;
  throw new Error(`IP_MODE must be anonymize, full or none, got "${raw}"`);
}

function siteList(raw: string | undefined): string[] | null {
  const list = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) return null;
  for (const site of list) if (!SITE_ID_PATTERN.test(site)) throw new Error(`SITES must be site ids (${SITE_ID_PATTERN.source}), got "${site}"`);
  return list;
}

function origins(raw: string | undefined): '*' | string[] {
  const v = (raw ?? '*').trim();
  if (v === '' || v === '*') return '*';
  return v.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean);
}

/** A key-safe default collector id: host name and process id. */
export function defaultCollectorId(): string {
  return `${os.hostname()}-${process.pid}`.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
}

function collectorId(raw: string | undefined): string {
  if (!raw) return defaultCollectorId();
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(raw)) throw new Error(`COLLECTOR_ID must match [A-Za-z0-9._-]{1,64}, got "${raw}"`);
  return raw;
}

export function defaultSdkDir(): string {
  try {
    return path.join(path.dirname(require.resolve('@actionlake/sdk/package.json')), 'dist');
  } catch {
    return path.resolve(__dirname, '../../sdk/dist');
  }
}

export function defaultRecorderDir(): string {
  try {
    return path.join(path.dirname(require.resolve('@actionlake/recorder/package.json')), 'dist');
  } catch {
    return path.resolve(__dirname, '../../recorder/dist');
  }
}

export function loadConfig(env: Env = process.env): Config {
  const bucket = env.S3_BUCKET?.trim();
  let prefix = env.S3_PREFIX?.trim() ?? '';
  if (prefix && !prefix.endsWith('/')) prefix += '/';
  return {
    port: int(env, 'PORT', 8080),
    host: env.HOST || undefined,
    lakeDir: path.resolve(env.LAKE_DIR || './data/lake'),
    s3: bucket
      ? {
          bucket,
          prefix,
          region: env.S3_REGION || 'us-east-1',
          endpoint: env.S3_ENDPOINT || undefined,
          forcePathStyle: bool(env.S3_FORCE_PATH_STYLE, false),
          requestTimeoutMs: int(env, 'S3_REQUEST_TIMEOUT_MS', 30_000, 1),
          connectionTimeoutMs: int(env, 'S3_CONNECTION_TIMEOUT_MS', 5_000, 1),
          maxAttempts: int(env, 'S3_MAX_ATTEMPTS', 3, 1),
        }
      : null,
    spoolDir: path.resolve(env.SPOOL_DIR || './data/spool'),
    flushIntervalMs: int(env, 'FLUSH_INTERVAL_MS', 60_000, 1),
    flushMaxBytes: int(env, 'FLUSH_MAX_BYTES', 67_108_864, 1),
    spoolMaxBytes: int(env, 'SPOOL_MAX_BYTES', 1_073_741_824, 1),
    uploadConcurrency: int(env, 'UPLOAD_CONCURRENCY', 16, 1, 1_000),
    flushMaxPartitions: int(env, 'FLUSH_MAX_PARTITIONS', 1_000, 1),
    lakeGzipLevel: int(env, 'LAKE_GZIP_LEVEL', 3, 0, 9),
    allowedOrigins: origins(env.ALLOWED_ORIGINS),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    ipMode: ipMode(env.IP_MODE),
    geoEnabled: bool(env.GEOIP, true),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 1_048_576, 1),
    maxBatchEvents: int(env, 'MAX_BATCH_EVENTS', 500, 1),
    badPayloadMaxBytes: int(env, 'BAD_PAYLOAD_MAX_BYTES', 65_536, 0),
    eventMaxItems: int(env, 'EVENT_MAX_ITEMS', 100, 1),
    eventMaxErrors: int(env, 'EVENT_MAX_ERRORS', 20, 1),
    dedupWindow: int(env, 'DEDUP_WINDOW', 100_000, 0),
    sites: siteList(env.SITES),
    headerMaxChars: int(env, 'HEADER_MAX_CHARS', 512, 16),
    spoolClientMaxBytes: int(env, 'SPOOL_CLIENT_MAX_BYTES', Math.floor(int(env, 'SPOOL_MAX_BYTES', 1_073_741_824, 1) / 16), 1),
    maxConnections: int(env, 'MAX_CONNECTIONS', 10_000, 1),
    headersTimeoutMs: int(env, 'HEADERS_TIMEOUT_MS', 10_000, 100),
    requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 30_000, 100),
    keepAliveTimeoutMs: int(env, 'KEEP_ALIVE_TIMEOUT_MS', 5_000, 100),
    workers: int(env, 'WORKERS', os.availableParallelism(), 1, 256),
    heapGrowingPercent: int(env, 'HEAP_GROWING_PERCENT', 120, 0, 1_000),
    rateLimitRps: int(env, 'RATE_LIMIT_RPS', 50, 0),
    rateLimitBurst: int(env, 'RATE_LIMIT_BURST', 200, 1),
    rateLimitMaxClients: int(env, 'RATE_LIMIT_MAX_CLIENTS', 100_000, 1),
    uaCacheSize: int(env, 'UA_CACHE_SIZE', 5_000, 0),
    collectorId: collectorId(env.COLLECTOR_ID),
    logLevel: env.LOG_LEVEL || 'info',
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 30_000, 0),
    lakeRequestTimeoutMs: int(env, 'LAKE_REQUEST_TIMEOUT_MS', 3_000, 1),
    retryMaxDelayMs: int(env, 'RETRY_MAX_DELAY_MS', 60_000, 1),
    sdkDir: env.SDK_DIR ? path.resolve(env.SDK_DIR) : defaultSdkDir(),
    recorderDir: env.RECORDER_DIR ? path.resolve(env.RECORDER_DIR) : defaultRecorderDir(),
    demoDir: env.DEMO_DIR !== undefined ? (env.DEMO_DIR ? path.resolve(env.DEMO_DIR) : null) : path.resolve(__dirname, '../../../examples/shop'),
    adminToken: env.ADMIN_TOKEN?.trim() || null,
    actionsCacheMs: int(env, 'ACTIONS_CACHE_MS', 5_000, 0),
    actionMaxBytes: int(env, 'ACTION_MAX_BYTES', 16_384, 256),
    actionsMaxBytes: int(env, 'ACTIONS_MAX_BYTES', 262_144, 256),
    actionsMaxPerSite: int(env, 'ACTIONS_MAX_PER_SITE', 200, 1),
    actionMaxFields: int(env, 'ACTION_MAX_FIELDS', 30, 0, MAX_FIELDS_CEILING),
    actionSelectorMaxLength: int(env, 'ACTION_SELECTOR_MAX_LENGTH', 1_024, 1),
    suppressedCacheMs: int(env, 'SUPPRESSED_CACHE_MS', 5_000, 0),
    suppressedMaxBytes: int(env, 'SUPPRESSED_MAX_BYTES', 16_777_216, 2),
    liveBufferEvents: int(env, 'LIVE_BUFFER_EVENTS', 1_000, 0, 100_000),
    liveMaxListeners: int(env, 'LIVE_MAX_LISTENERS', 20, 0),
    liveMaxQueuedBytes: int(env, 'LIVE_MAX_QUEUED_BYTES', 1_048_576, 1),
    liveHeartbeatMs: int(env, 'LIVE_HEARTBEAT_MS', 15_000, 100),
    sourcesFile: env.SOURCES_FILE?.trim() ? path.resolve(env.SOURCES_FILE.trim()) : null,
    sourcesPollMs: int(env, 'SOURCES_POLL_MS', 1_000, 50),
    hookMaxBodyBytes: int(env, 'HOOK_MAX_BODY_BYTES', 4_194_304, 1),
    serverMaxCallBytes: int(env, 'SERVER_MAX_CALL_BYTES', 32_768, 1),
    serverMaxBatchBytes: int(env, 'SERVER_MAX_BATCH_BYTES', 512_000, 1),
    serverMaxBatchEvents: int(env, 'SERVER_MAX_BATCH_EVENTS', 2_500, 1),
  };
}

/** Config for tests and embedding: the defaults with `overrides` applied. */
export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ COLLECTOR_ID: 'test', GEOIP: '0', DEMO_DIR: '' }), ...overrides };
}
