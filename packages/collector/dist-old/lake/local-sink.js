"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.LocalFolderSink = exports.STALE_LOCK_MS = void 0;
/**
 * The default lake: a local folder with the S3 key layout. Objects appear whole (temp file, fsync,
 * rename). A conditional put holds a lock file next to the object (`.<name>.lock`, created with
 * O_EXCL) around "check the current version, rename", so collectors in separate processes sharing
 * the folder cannot both replace the same version.
 */
const node_crypto_1 = __importDefault(require("node:crypto"));
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const sink_1 = require("./sink");
/** a lock older than this was left by a process that died holding it, and is broken */
exports.STALE_LOCK_MS = 5_000;
/** how long a conditional put waits for the lock before it gives up */
const LOCK_WAIT_MS = 10_000;
class LocalFolderSink {
    root;
    constructor(root) {
        this.root = node_path_1.default.resolve(root);
    }
    get describe() {
        return this.root;
    }
    /** The file of a key; throws for a key that would leave the root (`..`, absolute parts). */
    fileOf(key) {
        const target = node_path_1.default.join(this.root, ...key.split('/'));
        if (!target.startsWith(this.root + node_path_1.default.sep))
            throw new Error(`key escapes the lake: ${key}`);
        return target;
    }
    async put(key, body, _contentType, condition) {
        const target = this.fileOf(key);
        const dir = node_path_1.default.dirname(target);
        await node_fs_1.default.promises.mkdir(dir, { recursive: true });
        const tmp = node_path_1.default.join(dir, `.${node_path_1.default.basename(target)}.${node_crypto_1.default.randomBytes(6).toString('hex')}.tmp`);
        const fh = await node_fs_1.default.promises.open(tmp, 'wx');
        try {
            await fh.writeFile(body);
            await fh.sync();
        }
        finally {
            await fh.close();
        }
        try {
            if (!condition)
                return await node_fs_1.default.promises.rename(tmp, target);
            const lock = node_path_1.default.join(dir, `.${node_path_1.default.basename(target)}.lock`);
            await acquire(lock);
            try {
                const current = await readTagged(target);
                const holds = 'ifMatch' in condition ? current?.tag === condition.ifMatch : current === null;
                if (!holds)
                    throw new sink_1.PreconditionFailed(key);
                await node_fs_1.default.promises.rename(tmp, target);
            }
            finally {
                await node_fs_1.default.promises.rm(lock, { force: true });
            }
        }
        finally {
            await node_fs_1.default.promises.rm(tmp, { force: true }); // gone already after a rename
        }
    }
    async get(key) {
        return readTagged(this.fileOf(key));
    }
    async check() {
        await node_fs_1.default.promises.mkdir(this.root, { recursive: true });
        await node_fs_1.default.promises.access(this.root, node_fs_1.default.constants.W_OK);
    }
}
exports.LocalFolderSink = LocalFolderSink;
/** The file and its tag (a SHA-256 of the content: unlike mtime, exact at any clock resolution). */
async function readTagged(file) {
    let body;
    try {
        body = await node_fs_1.default.promises.readFile(file);
    }
    catch (err) {
        const code = err.code;
        if (code === 'ENOENT' || code === 'ENOTDIR')
            return null;
        throw err;
    }
    return { body, tag: node_crypto_1.default.createHash('sha256').update(body).digest('base64url') };
}
/** Creates `lock` exclusively, waiting while another holder has it and breaking a stale one. */
async function acquire(lock) {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
        try {
            await (await node_fs_1.default.promises.open(lock, 'wx')).close();
            return;
        }
        catch (err) {
            if (err.code !== 'EEXIST')
                throw err;
        }
        await breakIfStale(lock);
        if (Date.now() > deadline)
            throw new Error(`${lock} is held by another writer for more than ${LOCK_WAIT_MS} ms`);
        await new Promise((r) => setTimeout(r, 2 + Math.random() * 8));
    }
}
/**
 * Moves a stale lock aside (rename is atomic, so only one breaker gets it) and deletes it; when
 * what was moved turns out to be fresh (another writer broke the stale one and took the lock in
 * between), it is put back unless someone holds the lock again by then.
 */
async function breakIfStale(lock) {
    const stat = await node_fs_1.default.promises.stat(lock).catch(() => null);
    if (!stat || Date.now() - stat.mtimeMs < exports.STALE_LOCK_MS)
        return;
    const aside = `${lock}.${node_crypto_1.default.randomBytes(6).toString('hex')}.stale`;
    try {
        await node_fs_1.default.promises.rename(lock, aside);
    }
    catch {
        return; // someone else broke it first
    }
    const moved = await node_fs_1.default.promises.stat(aside).catch(() => null);
    if (moved && Date.now() - moved.mtimeMs < exports.STALE_LOCK_MS)
        await node_fs_1.default.promises.link(aside, lock).catch(() => undefined);
    await node_fs_1.default.promises.rm(aside, { force: true });
}
