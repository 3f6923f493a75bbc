/** A lake in a local folder (LAKE_DIR or --lake): the collector's LocalFolderSink layout. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { UserError } from '../errors';
import type { Lake, LakeObject } from './lake';

export class LocalLake implements Lake {
  readonly localRoot: string;

  constructor(root: string) {
    this.localRoot = path.resolve(root);
  }

  get describe(): string {
    return this.localRoot;
  }

  async check(): Promise<void> {
    const stat = await fs.promises.stat(this.localRoot).catch(() => null);
    if (!stat) throw new UserError(`no lake at ${this.localRoot} (set LAKE_DIR or S3_BUCKET, or pass --lake DIR or --s3 s3://BUCKET/PREFIX)`);
    if (!stat.isDirectory()) throw new UserError(`the lake ${this.localRoot} is not a folder`);
  }

  fileOf(key: string): string {
    const target = path.join(this.localRoot, ...key.split('/'));
    if (!target.startsWith(this.localRoot + path.sep)) throw new Error(`key escapes the lake: ${key}`);
    return target;
  }

  async list(prefix: string): Promise<LakeObject[]> {
    // the deepest folder named by the prefix, then everything below it that matches. Synchronous
    // calls: each is a few µs of system time, where a promise per readdir and stat costs ≈ 40 µs
    // of CPU (the bench lake's 2,880 raw objects: 0.12 → 0.035 s CPU, 125 → 22 ms wall); a
    // listing blocks the event loop that long, a build lists a few times.
    const slash = prefix.lastIndexOf('/');
    const dirKey = slash >= 0 ? prefix.slice(0, slash) : '';
    const base = dirKey ? this.fileOf(dirKey) : this.localRoot;
    const out: LakeObject[] = [];
    const walk = (dir: string, keyDir: string): void => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      for (const e of entries) {
        if (e.name.startsWith('.')) continue;
        const key = keyDir ? `${keyDir}/${e.name}` : e.name;
        if (e.isDirectory()) {
          if (prefix.startsWith(key + '/') || key.startsWith(prefix)) walk(path.join(dir, e.name), key);
        } else if (e.isFile() && key.startsWith(prefix)) {
          const st = fs.statSync(path.join(dir, e.name));
          out.push({ key, size: st.size, etag: `${st.size}-${Math.round(st.mtimeMs)}` });
        }
      }
    };
    walk(base, dirKey);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async folders(prefix: string): Promise<string[]> {
    const dir = prefix ? this.fileOf(prefix.replace(/\/$/, '')) : this.localRoot;
    const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => [] as fs.Dirent[]);
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  }

  async get(key: string): Promise<Readable | null> {
    const file = this.fileOf(key);
    try {
      await fs.promises.access(file);
    } catch {
      return null;
    }
    return fs.createReadStream(file);
  }

  async put(key: string, file: string): Promise<void> {
    const target = this.fileOf(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
    try {
      await fs.promises.copyFile(file, tmp);
      const fh = await fs.promises.open(tmp, 'r+');
      await fh.sync().finally(() => fh.close());
      await fs.promises.rename(tmp, target);
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
  }

  async putBytes(key: string, body: Buffer | string): Promise<void> {
    const target = this.fileOf(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
    try {
      await fs.promises.writeFile(tmp, body);
      await fs.promises.rename(tmp, target);
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) await fs.promises.rm(this.fileOf(key), { force: true });
  }
}
