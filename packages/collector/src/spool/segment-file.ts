/** File steps of the spool: create a segment durably, copy an orphaned one, fsync a folder. */
import fs from 'node:fs';
import path from 'node:path';

/** Which file a handle or a path is: compared to notice a path now naming another file. */
export interface FileId {
  dev: number;
  ino: number;
}

/** Copy chunk when moving an orphaned active segment into a recreated folder. */
const COPY_CHUNK = 1 << 20;

/** Creates `dir/name` for appending (and reading: see copyPrefix) and makes its name durable. */
export async function createSegmentFile(dir: string, name: string): Promise<{ fd: fs.promises.FileHandle; id: FileId }> {
  const fd = await fs.promises.open(path.join(dir, name), 'a+');
  try {
    const st = await fd.stat();
    await syncDir(dir);
    return { fd, id: { dev: st.dev, ino: st.ino } };
  } catch (err) {
    await fd.close();
    throw err;
  }
}

/** Copies the first `size` bytes of `from` to the end of `to`, then fsyncs `to`. */
export async function copyPrefix(from: fs.promises.FileHandle, to: fs.promises.FileHandle, size: number): Promise<void> {
  const buf = Buffer.allocUnsafe(Math.min(COPY_CHUNK, Math.max(size, 1)));
  for (let pos = 0; pos < size; ) {
    const { bytesRead } = await from.read(buf, 0, Math.min(buf.length, size - pos), pos);
    if (bytesRead === 0) throw new Error(`the orphaned spool segment ended at ${pos} of ${size} bytes`);
    let off = 0;
    while (off < bytesRead) off += (await to.write(buf, off, bytesRead - off)).bytesWritten;
    pos += bytesRead;
  }
  await to.datasync();
}

export async function syncDir(dir: string): Promise<void> {
  const h = await fs.promises.open(dir, 'r');
  try {
    await h.sync();
  } catch {
    // some file systems cannot fsync a directory; the data files themselves are still synced
  } finally {
    await h.close();
  }
}
