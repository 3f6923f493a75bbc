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
    /** '*' or an explicit list of origins allowed to POST /v1/batch from a browser. */
    allowedOrigins: '*' | string[];
    trustProxy: TrustProxy;
    ipMode: IpMode;
    geoEnabled: boolean;
    maxBodyBytes: number;
    maxBatchEvents: number;
    badPayloadMaxBytes: number;
    dedupWindow: number;
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
