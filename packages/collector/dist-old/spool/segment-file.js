"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.createSegmentFile = createSegmentFile;
exports.copyPrefix = copyPrefix;
exports.syncDir = syncDir;
/** File steps of the spool: create a segment durably, copy an orphaned one, fsync a folder. */
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
/** Copy chunk when moving an orphaned active segment into a recreated folder. */
const COPY_CHUNK = 1 << 20;
/** Creates `dir/name` for appending (and reading: see copyPrefix) and makes its name durable. */
async function createSegmentFile(dir, name) {
    const fd = await node_fs_1.default.promises.open(node_path_1.default.join(dir, name), 'a+');
    try {
        const st = await fd.stat();
        await syncDir(dir);
        return { fd, id: { dev: st.dev, ino: st.ino } };
    }
    catch (err) {
        await fd.close();
        throw err;
    }
}
/** Copies the first `size` bytes of `from` to the end of `to`, then fsyncs `to`. */
async function copyPrefix(from, to, size) {
    const buf = Buffer.allocUnsafe(Math.min(COPY_CHUNK, Math.max(size, 1)));
    for (let pos = 0; pos < size;) {
        const { bytesRead } = await from.read(buf, 0, Math.min(buf.length, size - pos), pos);
        if (bytesRead === 0)
            throw new Error(`the orphaned spool segment ended at ${pos} of ${size} bytes`);
        let off = 0;
        while (off < bytesRead)
            off += (await to.write(buf, off, bytesRead - off)).bytesWritten;
        pos += bytesRead;
    }
    await to.datasync();
}
async function syncDir(dir) {
    const h = await node_fs_1.default.promises.open(dir, 'r');
    try {
        await h.sync();
    }
    catch {
        // some file systems cannot fsync a directory; the data files themselves are still synced
    }
    finally {
        await h.close();
    }
}
