/** The default lake: a local folder with the S3 key layout. Objects appear whole (temp file, fsync, rename). */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LakeSink } from './sink';

export class LocalFolderSink implements LakeSink {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  get describe(): string {
    return this.root;
  }

  /** The file of a key; throws for a key that would leave the root (`..`, absolute parts). */
  private fileOf(key: string): string {
    const target = path.join(this.root, ...key.split('/'));
    if (!target.startsWith(this.root + path.sep)) throw new Error(`key escapes the lake: ${key}`);
    return target;
  }

  async put(key: string, body: Buffer): Promise<void> {
    const target = this.fileOf(key);
    const dir = path.dirname(target);
    await fs.promises.mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
    const fh = await fs.promises.open(tmp, 'wx');
    try {
      await fh.writeFile(body);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await fs.promises.rename(tmp, target);
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    const file = this.fileOf(key);
    try {
      return await fs.promises.readFile(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw err;
    }
  }

  async check(): Promise<void> {
    await fs.promises.mkdir(this.root, { recursive: true });
    await fs.promises.access(this.root, fs.constants.W_OK);
  }
}
