/**
 * The default lake: a local folder with the S3 key layout. Objects appear whole (temp file, fsync,
 * rename). A conditional put holds a lock file next to the object (`.<name>.lock`, created with
 * O_EXCL) around "check the current version, rename", so collectors in separate processes sharing
 * the folder cannot both replace the same version.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PreconditionFailed, type LakeSink, type PutCondition, type StoredObject } from './sink';

/** a lock older than this was left by a process that died holding it, and is broken */
export const STALE_LOCK_MS = 5_000;
/** how long a conditional put waits for the lock before it gives up */
const LOCK_WAIT_MS = 10_000;

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

  async put(key: string, body: Buffer, _contentType?: string, condition?: PutCondition): Promise<void> {
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
      if (!condition) return await fs.promises.rename(tmp, target);
      const lock = path.join(dir, `.${path.basename(target)}.lock`);
      await acquire(lock);
      try {
        const current = await readTagged(target);
        const holds = 'ifMatch' in condition ? current?.tag === condition.ifMatch : current === null;
        if (!holds) throw new PreconditionFailed(key);
        await fs.promises.rename(tmp, target);
      } finally {
        await fs.promises.rm(lock, { force: true });
      }
    } finally {
      await fs.promises.rm(tmp, { force: true }); // gone already after a rename
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    return readTagged(this.fileOf(key));
  }

  async check(): Promise<void> {
    await fs.promises.mkdir(this.root, { recursive: true });
    await fs.promises.access(this.root, fs.constants.W_OK);
  }
}

/** The file and its tag (a SHA-256 of the content: unlike mtime, exact at any clock resolution). */
async function readTagged(file: string): Promise<StoredObject | null> {
  let body: Buffer;
  try {
    body = await fs.promises.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
  return { body, tag: crypto.createHash('sha256').update(body).digest('base64url') };
}

/** Creates `lock` exclusively, waiting while another holder has it and breaking a stale one. */
async function acquire(lock: string): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await (await fs.promises.open(lock, 'wx')).close();
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    await breakIfStale(lock);
    if (Date.now() > deadline) throw new Error(`${lock} is held by another writer for more than ${LOCK_WAIT_MS} ms`);
    await new Promise((r) => setTimeout(r, 2 + Math.random() * 8));
  }
}

/**
 * Moves a stale lock aside (rename is atomic, so only one breaker gets it) and deletes it; when
 * what was moved turns out to be fresh (another writer broke the stale one and took the lock in
 * between), it is put back unless someone holds the lock again by then.
 */
async function breakIfStale(lock: string): Promise<void> {
  const stat = await fs.promises.stat(lock).catch(() => null);
  if (!stat || Date.now() - stat.mtimeMs < STALE_LOCK_MS) return;
  const aside = `${lock}.${crypto.randomBytes(6).toString('hex')}.stale`;
  try {
    await fs.promises.rename(lock, aside);
  } catch {
    return; // someone else broke it first
  }
  const moved = await fs.promises.stat(aside).catch(() => null);
  if (moved && Date.now() - moved.mtimeMs < STALE_LOCK_MS) await fs.promises.link(aside, lock).catch(() => undefined);
  await fs.promises.rm(aside, { force: true });
}
