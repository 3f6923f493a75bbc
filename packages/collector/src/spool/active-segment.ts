/**
 * The segment new records go to: its open file, its name, and how many of its bytes are durable.
 *
 * An fsync makes bytes durable in a file, not under a name: if SPOOL_DIR or the file was removed or
 * replaced meanwhile (an operator's `rm -rf`, a volume remounted), the bytes sit in an inode no path
 * leads to and would never reach the lake. So after each fsync the path is compared with the open
 * file (device and inode), and when they differ the folder is recreated and the durable prefix of
 * the orphaned file (still readable through its handle) is copied into a fresh segment before
 * anyone is answered. `relink` is that check; the spool runs it after every commit, on rotation and
 * on /readyz.
 */
import fs from 'node:fs';
import path from 'node:path';
import { copyPrefix, createSegmentFile, syncDir, type FileId } from './segment-file';

export interface ActiveSegmentHooks {
  /** the name of the next segment (its sequence number taken) */
  nextName(): string;
  /** the folder or the file was removed or replaced: reported, then recovered */
  replaced(err: Error): void;
  /** after the folder was recreated: drop the sealed segments that went with it */
  forgetMissing(): Promise<unknown>;
}

export class ActiveSegment {
  private fd: fs.promises.FileHandle | null = null;
  private id: FileId = { dev: 0, ino: 0 };
  name = '';
  /** bytes of the file that are durable (written and fsync'd) */
  size = 0;

  constructor(private readonly dir: string, private readonly hooks: ActiveSegmentHooks) {}

  /** After close(): nothing more may be written. */
  get closed(): boolean {
    return this.fd === null && this.name === '';
  }

  /** Starts a new, empty segment. */
  async start(): Promise<void> {
    const name = this.hooks.nextName();
    const { fd, id } = await createSegmentFile(this.dir, name);
    this.fd = fd;
    this.name = name;
    this.id = id;
    this.size = 0;
  }

  /** Writes and fsyncs `data` at the end, then makes sure the folder still names this file. */
  async append(data: Buffer): Promise<void> {
    if (!this.fd) await this.relink(0); // a rotation could not start the next segment
    const fd = this.fd!;
    let off = 0;
    while (off < data.length) off += (await fd.write(data, off, data.length - off)).bytesWritten;
    await fd.datasync();
    const size = this.size + data.length;
    await this.relink(size);
    this.size = size;
  }

  /** Cuts the file back to its durable bytes (after a failed append). */
  async truncate(): Promise<void> {
    await this.fd?.truncate(this.size).catch(() => undefined);
  }

  /** Closes the segment for the flusher and returns its name and size; null when it holds nothing. */
  async seal(): Promise<{ name: string; size: number } | null> {
    await this.relink(this.size);
    if (this.size === 0 || !this.fd) return null;
    const fd = this.fd;
    const sealed = { name: this.name, size: this.size };
    this.fd = null;
    await fd.close();
    this.size = 0;
    return sealed;
  }

  /** Closes the file for good, deleting it when it holds nothing. */
  async close(): Promise<void> {
    const fd = this.fd;
    this.fd = null;
    if (!fd) return;
    await fd.close();
    if (this.size === 0) await fs.promises.rm(path.join(this.dir, this.name), { force: true });
    this.name = '';
  }

  /**
   * Makes sure there is an open segment that SPOOL_DIR still names. When the folder or the file was
   * removed or replaced, recreates the folder, starts a new segment and copies the first `size`
   * bytes of the orphaned one into it (fsync'd), so nothing acknowledged or about to be is lost.
   * Throws when that cannot be done; the orphan then stays active and the next call tries again.
   */
  async relink(size: number): Promise<void> {
    if (this.fd && (await this.linked())) return;
    const orphan = this.fd;
    if (orphan) this.hooks.replaced(new Error(`${path.join(this.dir, this.name)} was removed or replaced; recreating it`));
    await fs.promises.mkdir(this.dir, { recursive: true });
    await syncDir(path.dirname(this.dir));
    await this.hooks.forgetMissing();
    if (!orphan) return this.start();
    const name = this.hooks.nextName();
    const next = await createSegmentFile(this.dir, name);
    try {
      await copyPrefix(orphan, next.fd, size);
    } catch (err) {
      await next.fd.close().catch(() => undefined);
      await fs.promises.rm(path.join(this.dir, name), { force: true });
      throw err;
    }
    await orphan.close().catch(() => undefined);
    this.fd = next.fd;
    this.name = name;
    this.id = next.id;
    this.size = size;
  }

  /** Whether SPOOL_DIR/<name> is still the file we write to. */
  private async linked(): Promise<boolean> {
    const st = await fs.promises.stat(path.join(this.dir, this.name)).catch(() => null);
    return st !== null && st.ino === this.id.ino && st.dev === this.id.dev;
  }
}
