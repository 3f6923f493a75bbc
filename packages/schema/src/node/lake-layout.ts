/**
 * The lake's key layout (contract §5), the one place it is written: the collector names the raw
 * objects with it and the analyst (`actionlake`) lists, parses and writes keys with it. Keys are
 * relative to the lake (a local folder, or an S3 bucket + prefix) and use Hive partitions, so
 * DuckDB, Athena and Spark prune by site and day:
 *
 *   events/site_id=<site>/dt=<YYYY-MM-DD>/hour=<HH>/<collector_id>-<unique>.ndjson.gz   raw rows
 *   bad/site_id=<site or _unknown>/dt=…/hour=…/<collector_id>-<unique>.ndjson.gz       refused rows
 *   config/site_id=<site>/actions.json | model.json | suppressed.json
 *   tables/<table>/site_id=<site>/[dt=<YYYY-MM-DD>/]<file>.parquet                     (actionlake)
 *   tables/_manifest/site_id=<site>/<table>.json                                       what a table was built from
 *   tables/_manifest/site_id=<site>/state/<model>.parquet                              a step kept for the next build
 *   tables/_manifest/site_id=<site>/state/<model>/dt=<YYYY-MM-DD>/data.parquet         one declaring its day (partition_by)
 *   privacy/site_id=<site>/<…>.json                                                    audit records (§8)
 *   activation/site_id=<site>/<platform>/<destination>/<…>.json                        sent-log of `actionlake … --send` (§12)
 *
 * Partitions are by the UTC date and hour of `received_at`.
 */
import { randomBytes } from 'node:crypto';
import { SITE_ID_PATTERN } from '../index';

/** the two kinds of raw rows */
export type RowKind = 'events' | 'bad';
/** the site partition of a bad row whose site is missing or not a valid id */
export const UNKNOWN_SITE = '_unknown';
/** every table's folder is under it */
export const TABLES_PREFIX = 'tables/';
/** the folder under tables/ that holds the manifests, not a table */
export const MANIFEST_FOLDER = '_manifest';
/** the files under config/site_id=<site>/ */
export type ConfigFile = 'actions.json' | 'model.json' | 'suppressed.json';

const SITE_FOLDER = /^site_id=(.+)$/;
const DAY = /(?:^|\/)dt=(\d{4}-\d{2}-\d{2})\//;
const RAW_KEY = /^(events|bad)\/site_id=([^/]+)\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\/([^/]+)\.ndjson\.gz$/;
const TABLE_KEY = /^tables\/([^/]+)\/site_id=([^/]+)\/(?:dt=(\d{4}-\d{2}-\d{2})\/)?([^/]+\.parquet)$/;
/** a table's folder name: what `tables/<name>/` may be called (no manifest, no dot-folders) */
const TABLE_NAME = /^[a-z0-9_]+$/;

// ---- raw objects (written by the collector) ----------------------------------------------------

/** The site partition of a bad row: the site it names if that is a valid id, else `_unknown`. */
export function badRowSite(site: unknown): string {
  return typeof site === 'string' && SITE_ID_PATTERN.test(site) ? site : UNKNOWN_SITE;
}

/** The UTC hour of a timestamp, `2024-05-01T09`: what a row's partition is made of. */
export function hourOf(receivedAt: string | Date): string {
  return new Date(receivedAt).toISOString().slice(0, 13);
}

/** `events/`: every raw object of a kind; `events/site_id=shop/`: of one site */
export function rawPrefix(kind: RowKind, site?: string): string {
  return site === undefined ? `${kind}/` : `${kind}/site_id=${site}/`;
}

/** `events/site_id=shop/dt=2024-05-01/hour=09/` for hour `2024-05-01T09` */
export function partitionPrefix(kind: RowKind, site: string, hour: string): string {
  return `${rawPrefix(kind, site)}dt=${hour.slice(0, 10)}/hour=${hour.slice(11, 13)}/`;
}

let sequence = 0;

/**
 * The part of an object name after `<collector_id>-`: time, randomness and a per-process sequence,
 * so it is unique across restarts and collectors. Contains no `-`, so the collector id before it
 * stays unambiguous.
 */
export function uniquePart(now = Date.now()): string {
  sequence = (sequence + 1) % 1_000_000;
  return `${now}_${randomBytes(5).toString('hex')}_${String(sequence).padStart(6, '0')}`;
}

/** The key of one raw object: `unique` comes from the spool segment it is made of. */
export function objectKey(kind: RowKind, site: string, hour: string, collectorId: string, unique: string): string {
  return `${partitionPrefix(kind, site, hour)}${collectorId}-${unique}.ndjson.gz`;
}

export interface RawKey {
  kind: RowKind;
  site: string;
  dt: string;
  hour: string;
  /** the object's name without `.ndjson.gz` */
  name: string;
}

/** The parts of a raw object's key; null for any other key. */
export function parseRawKey(key: string): RawKey | null {
  const m = RAW_KEY.exec(key);
  return m ? { kind: m[1] as RowKind, site: m[2], dt: m[3], hour: m[4], name: m[5] } : null;
}

// ---- config, tables, privacy (written by the recorder's edits, actionlake erase, actionlake) ---

/** `config/site_id=shop/model.json` */
export function configKey(site: string, file: ConfigFile): string {
  return `config/site_id=${site}/${file}`;
}

/** `tables/<table>/`, or one site's part of it `tables/<table>/site_id=<site>/` */
export function tablePrefix(table: string, site?: string): string {
  return site === undefined ? `${TABLES_PREFIX}${table}/` : `${TABLES_PREFIX}${table}/site_id=${site}/`;
}

/** `tables/<table>/site_id=<site>/dt=<day>/`: one day of a table partitioned by day (events) */
export function tableDayPrefix(table: string, site: string, dt: string): string {
  return `${tablePrefix(table, site)}dt=${dt}/`;
}

/** Whether a folder under `tables/` is a table (not the manifests, not a temp folder). */
export function isTableName(folder: string): boolean {
  return folder !== MANIFEST_FOLDER && TABLE_NAME.test(folder);
}

export interface TableKey {
  table: string;
  site: string;
  /** the day partition, for tables that have one */
  dt: string | null;
  file: string;
}

/** The parts of a table file's key; null for any other key. */
export function parseTableKey(key: string): TableKey | null {
  const m = TABLE_KEY.exec(key);
  return m && isTableName(m[1]) ? { table: m[1], site: m[2], dt: m[3] ?? null, file: m[4] } : null;
}

/** `tables/_manifest/site_id=<site>/<table>.json`: what a table's parts were built from */
export function manifestKey(site: string, table: string): string {
  return `${TABLES_PREFIX}${MANIFEST_FOLDER}/site_id=${site}/${table}.json`;
}

/** `tables/_manifest/site_id=<site>/state/`: the model steps kept for the next incremental build (below) */
export function stateRoot(site: string): string {
  return `${TABLES_PREFIX}${MANIFEST_FOLDER}/site_id=${site}/state/`;
}

/** `tables/_manifest/site_id=<site>/state/<model>.parquet`: a model step the next incremental build reads */
export function stateKey(site: string, model: string): string {
  return `${stateRoot(site)}${model}.parquet`;
}

/** `tables/_manifest/site_id=<site>/state/<model>/`: a step kept one file per day, `dt=<day>/data.parquet` (its partition_by) */
export function statePrefix(site: string, model: string): string {
  return `${stateRoot(site)}${model}/`;
}

/** The step a key under a site's `state/` belongs to (`<model>.parquet` or `<model>/…`), else null. */
export function stateModelOf(site: string, key: string): string | null {
  const root = stateRoot(site);
  if (!key.startsWith(root)) return null;
  const [first, ...rest] = key.slice(root.length).split('/');
  return rest.length ? first : first.endsWith('.parquet') ? first.slice(0, -'.parquet'.length) : null;
}

/** `tables/_manifest/site_id=<site>/state/<model>/dt=<day>/`: one day of a step kept per day */
export function stateDayPrefix(site: string, model: string, dt: string): string {
  return `${statePrefix(site, model)}dt=${dt}/`;
}

/**
 * `tables/_manifest/site_id=<site>/identity_links/`: the ids each day of tables/events holds, as the
 * identity map reads them (compact/links.ts), so a build does not read every day's ids again
 */
export function linksPrefix(site: string): string {
  return `${TABLES_PREFIX}${MANIFEST_FOLDER}/site_id=${site}/identity_links/`;
}

/** `…/identity_links/dt=<day>/<token>.parquet`: one day's links, for the day's files as built at `token` */
export function linksKey(site: string, dt: string, token: string): string {
  return `${linksPrefix(site)}dt=${dt}/${token}.parquet`;
}

/**
 * `tables/_manifest/site_id=<site>/identity_map/`: the identity map compact built for the table as
 * it is, kept so that the next build recomputes only the ids its new rows reach (compact/identity.ts)
 */
export function keptMapPrefix(site: string): string {
  return `${TABLES_PREFIX}${MANIFEST_FOLDER}/site_id=${site}/identity_map/`;
}

/** `…/identity_map/<token>.parquet`: the map of the table whose rules and days' built_at give `token` */
export function keptMapKey(site: string, token: string): string {
  return `${keptMapPrefix(site)}${token}.parquet`;
}

/** `privacy/site_id=<site>/`: audit records and request manifests of erasures */
export function privacyPrefix(site: string): string {
  return `privacy/site_id=${site}/`;
}

/**
 * `activation/site_id=<site>/<platform>/`, or one destination's part of it (a Meta pixel, a Google
 * Ads customer): the sent-log of `actionlake audience|conversions --send`, one JSON record per batch
 * (what it held, what the platform answered), so that a re-run sends nothing twice.
 */
export function activationPrefix(site: string, platform: string, destination?: string): string {
  return `activation/site_id=${site}/${platform}/${destination === undefined ? '' : `${destination}/`}`;
}

// ---- any key -----------------------------------------------------------------------------------

/** The site of a `site_id=<site>` folder name; null for any other folder. */
export function siteOfFolder(folder: string): string | null {
  return SITE_FOLDER.exec(folder)?.[1] ?? null;
}

/** The day partition (`dt=YYYY-MM-DD/`) of any key that has one, else null. */
export function dayOf(key: string): string | null {
  return DAY.exec(key)?.[1] ?? null;
}
