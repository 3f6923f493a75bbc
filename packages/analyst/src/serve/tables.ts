/**
 * The lake's tables as views of the dashboard's DuckDB (one view per table, named like it, over its
 * Parquet files with the Hive partitions as columns: what `actionlake query` sees), kept current
 * while `serve` runs: at most every `refreshMs` the table files are listed again, and when a build
 * has changed them the views are made anew. Between two listings, requests use what was listed.
 *
 * A local lake is read in place (its `tables/` folder is the one DuckDB may read). An S3 lake is
 * read from a local copy under the run's work folder, in the same key layout: on each listing the
 * objects whose ETag changed are downloaded (to a temp name, then renamed, so a query never reads
 * half a file) and those gone are removed. DuckDB never speaks to S3 itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseTableKey, TABLES_PREFIX } from '@actionlake/schema/node';
import { ident } from '../ground/duck/duck';
import { parquetSource } from '../ground/duck/views';
import type { Lake, LakeObject } from '../ground/lake/lake';
import type { Reader } from './reader';

export interface TableSet {
  /** the sites with tables, sorted */
  sites: string[];
  /** the tables that have files */
  names: Set<string>;
  /** when the tables were listed (ms) */
  listedAt: number;
}

export class Tables {
  private current: TableSet = { sites: [], names: new Set(), listedAt: 0 };
  private signature = '';
  private pending: Promise<TableSet> | null = null;
  /** S3: the ETag of each key held in the local copy */
  private readonly copied = new Map<string, string>();

  constructor(
    private readonly lake: Lake,
    private readonly reader: Reader,
    /** the folder DuckDB reads: the lake's own, or the local copy (see `tablesRoot`) */
    private readonly root: string,
    /** only this site (--site), else every site with tables */
    private readonly site: string | undefined,
    private readonly refreshMs: number,
  ) {}

  /** Where the table files are read from: `<lake>/` for a local lake, `<work>/lake/` for S3. */
  static rootOf(lake: Lake, work: string): string {
    return lake.localRoot ?? path.join(work, 'lake');
  }

  /** The tables as last listed, listing again first when that was more than refreshMs ago. */
  async get(): Promise<TableSet> {
    if (Date.now() - this.current.listedAt < this.refreshMs) return this.current;
    this.pending ??= this.refresh().finally(() => (this.pending = null));
    return this.pending;
  }

  private async refresh(): Promise<TableSet> {
    const objects = (await this.lake.list(TABLES_PREFIX)).filter((o) => {
      const k = parseTableKey(o.key);
      return k !== null && (this.site === undefined || k.site === this.site);
    });
    const signature = objects.map((o) => `${o.key} ${o.etag}`).join('\n');
    if (signature !== this.signature) {
      this.current = await this.define(this.lake.localRoot ? objects : await this.copy(objects));
      this.signature = signature;
    }
    this.current = { ...this.current, listedAt: Date.now() };
    return this.current;
  }

  private async define(objects: LakeObject[]): Promise<TableSet> {
    const files = new Map<string, string[]>();
    const sites = new Set<string>();
    for (const o of objects) {
      const k = parseTableKey(o.key)!;
      sites.add(k.site);
      const list = files.get(k.table) ?? [];
      list.push(path.join(this.root, ...o.key.split('/')));
      files.set(k.table, list);
    }
    await this.reader.define([...files].map(([name, list]) => `CREATE OR REPLACE VIEW ${ident(name)} AS SELECT * FROM ${parquetSource(list)}`));
    return { sites: [...sites].sort(), names: new Set(files.keys()), listedAt: Date.now() };
  }

  /** S3: brings the local copy to the listed objects; returns those it holds. */
  private async copy(objects: LakeObject[]): Promise<LakeObject[]> {
    const wanted = new Set(objects.map((o) => o.key));
    for (const key of [...this.copied.keys()]) {
      if (wanted.has(key)) continue;
      await fs.promises.rm(this.fileOf(key), { force: true });
      this.copied.delete(key);
    }
    for (const o of objects) {
      if (this.copied.get(o.key) === o.etag) continue;
      const target = this.fileOf(o.key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const body = await this.lake.get(o.key);
      if (!body) continue; // removed since the listing: the next one drops it
      const tmp = `${target}.${process.pid}.part`;
      await pipeline(body, fs.createWriteStream(tmp));
      await fs.promises.rename(tmp, target);
      this.copied.set(o.key, o.etag);
    }
    return objects.filter((o) => this.copied.has(o.key));
  }

  private fileOf(key: string): string {
    return path.join(this.root, ...key.split('/'));
  }
}
