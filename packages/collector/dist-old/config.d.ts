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
}
type Env = Record<string, string | undefined>;
export declare function parseTrustProxy(raw: string | undefined): TrustProxy;
/** A key-safe default collector id: host name and process id. */
export declare function defaultCollectorId(): string;
export declare function defaultSdkDir(): string;
export declare function defaultRecorderDir(): string;
export declare function loadConfig(env?: Env): Config;
/** Config for tests and embedding: the defaults with `overrides` applied. */
export declare function defaultConfig(overrides?: Partial<Config>): Config;
export {};
