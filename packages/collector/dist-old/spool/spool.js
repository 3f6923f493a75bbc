"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.Spool = void 0;
/**
 * The durable buffer between an HTTP answer and the lake: numbered segment files under SPOOL_DIR.
 * New records go to the active (highest numbered) segment; `append` resolves once they are fsync'd.
 * Concurrent appends share one write + fsync (group commit). `rotate` seals the active segment so the
 * flusher can upload it and `remove` it afterwards. On open, every segment already on disk is sealed.
 *
 * An append is acknowledged only when its bytes are fsync'd in the file that SPOOL_DIR still
 * names: after each fsync the path is checked against the open file. When the folder or the file
 * was removed or replaced meanwhile, the folder is recreated and the active segment's bytes (still
 * readable through the open file) are copied into a new segment before anyone is answered; when
 * that is impossible, or a write fails (ENOSPC), the append rejects (the caller answers 503) and
 * `problem` says why until a later append or `check()` succeeds.
 */
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const record_1 = require("./record");
const segment_reader_1 = require("./segment-reader");
const segment_file_1 = require("./segment-file");
const segment_name_1 = require("./segment-name");
/** After ENOSPC, the spool counts as writable again once this much more than the failed write is free. */
const FREE_MARGIN_BYTES = 64 * 1024;
class Spool {
    dir;
    o;
    fd = null;
    seq = 0;
    activeName = '';
    /** identity of the active segment's file, to notice when its path names another file (or none) */
    activeId = { dev: 0, ino: 0 };
    failure = null;
    collectorId;
    activeSize = 0;
    sealedSizes = new Map();
    pending = [];
    commitQueued = false;
    chain = Promise.resolve();
    constructor(dir, o = {}) {
        this.dir = dir;
        this.o = o;
        this.collectorId = o.collectorId ?? 'collector';
    }
    /** Why appends fail right now (folder gone and not recreatable, disk full, ...), or null. */
    get problem() {
        return this.failure?.message ?? null;
    }
    /**
     * Readiness: recreates a removed folder, and after a failed write, checks whether the disk has
     * room again. Rejects with the reason while appends would fail.
     */
    check() {
        return this.serial(async () => {
            if (this.fd === null && this.activeName === '')
                return; // closed
            await this.ensureActive(this.activeSize);
            if (this.failure?.code === 'ENOSPC') {
                const fsStat = await node_fs_1.default.promises.statfs(this.dir);
                if (fsStat.bavail * fsStat.bsize < this.failure.bytes + FREE_MARGIN_BYTES)
                    throw new Error(this.failure.message);
            }
            this.failure = null;
        });
    }
    /** Opens the spool: existing segments become sealed, a fresh active segment is started. */
    async open() {
        await node_fs_1.default.promises.mkdir(this.dir, { recursive: true });
        for (let f of await node_fs_1.default.promises.readdir(this.dir)) {
            const legacy = (0, segment_name_1.legacySegmentSeq)(f);
            if (legacy !== null) {
                // named by an earlier version: give it a name now, so every upload of it writes the same keys
                const named = (0, segment_name_1.segmentName)(legacy, this.collectorId);
                await node_fs_1.default.promises.rename(node_path_1.default.join(this.dir, f), node_path_1.default.join(this.dir, named));
                f = named;
            }
            const seg = (0, segment_name_1.parseSegmentName)(f);
            if (!seg)
                continue;
            this.seq = Math.max(this.seq, seg.seq);
            this.sealedSizes.set(f, (await node_fs_1.default.promises.stat(node_path_1.default.join(this.dir, f))).size);
        }
        await (0, segment_file_1.syncDir)(this.dir);
        await this.startSegment();
    }
    /** The sequence, unique part and collector id a segment was named with. */
    segment(name) {
        const seg = (0, segment_name_1.parseSegmentName)(name);
        if (!seg)
            throw new Error(`not a spool segment: ${name}`);
        return seg;
    }
    /** Bytes waiting in the spool (sealed and active). */
    get bytes() {
        let total = this.activeSize;
        for (const s of this.sealedSizes.values())
            total += s;
        return total;
    }
    get activeBytes() {
        return this.activeSize;
    }
    /** Sealed segment names, oldest first. */
    sealed() {
        return [...this.sealedSizes.keys()].sort();
    }
    /** Appends records; resolves once they are on disk (fsync'd). */
    append(records) {
        if (records.length === 0)
            return Promise.resolve();
        return new Promise((resolve, reject) => {
            this.pending.push({ data: (0, record_1.encodeRecords)(records), resolve, reject });
            if (!this.commitQueued) {
                this.commitQueued = true;
                void this.serial(() => this.commit());
            }
        });
    }
    /** Seals the active segment if it holds anything, and starts a new one. */
    rotate() {
        return this.serial(async () => {
            if (this.fd === null && this.activeName === '')
                return; // closed
            await this.ensureActive(this.activeSize);
            if (this.activeSize === 0 || !this.fd)
                return;
            const fd = this.fd;
            this.fd = null;
            await fd.close();
            this.sealedSizes.set(this.activeName, this.activeSize);
            this.activeSize = 0;
            await this.startSegment();
        });
    }
    /** The path of a segment. */
    file(segment) {
        return node_path_1.default.join(this.dir, segment);
    }
    /** The records of a sealed segment, streamed; `stats` receives torn and corrupt line counts. */
    lines(segment, stats) {
        return (0, segment_reader_1.readSegment)(node_path_1.default.join(this.dir, segment), stats);
    }
    /** Every record in the sealed segments (used once on start, to rebuild the dedup window). */
    async *sealedLines() {
        for (const seg of this.sealed())
            yield* this.lines(seg);
    }
    /** Deletes a sealed segment whose records are safely in the lake. */
    async remove(segment) {
        await node_fs_1.default.promises.rm(node_path_1.default.join(this.dir, segment), { force: true });
        this.sealedSizes.delete(segment);
    }
    /** Closes the active segment (and deletes it if it holds nothing). */
    async close() {
        await this.serial(async () => {
            const fd = this.fd;
            this.fd = null;
            if (!fd)
                return;
            await fd.close();
            if (this.activeSize === 0)
                await node_fs_1.default.promises.rm(node_path_1.default.join(this.dir, this.activeName), { force: true });
            this.activeName = '';
        });
    }
    serial(op) {
        const run = this.chain.then(op);
        this.chain = run.catch(() => undefined);
        return run;
    }
    async startSegment() {
        const seg = await this.openSegment();
        this.fd = seg.fd;
        this.activeName = seg.name;
        this.activeId = seg.id;
        this.activeSize = 0;
    }
    /** Creates the next segment file (and makes its name durable). */
    async openSegment() {
        this.seq += 1;
        const name = (0, segment_name_1.segmentName)(this.seq, this.collectorId);
        return { name, ...(await (0, segment_file_1.createSegmentFile)(this.dir, name)) };
    }
    /** Whether SPOOL_DIR/<active segment> is still the file we write to. */
    async linked() {
        const st = await node_fs_1.default.promises.stat(node_path_1.default.join(this.dir, this.activeName)).catch(() => null);
        return st !== null && st.ino === this.activeId.ino && st.dev === this.activeId.dev;
    }
    /**
     * Makes sure there is an open active segment that SPOOL_DIR still names. When the folder or the
     * file was removed or replaced, recreates the folder, starts a new segment and copies the first
     * `size` bytes of the orphaned one into it (fsync'd), so nothing acknowledged or about to be is
     * lost; forgets sealed segments that went with the folder. Throws when that cannot be done.
     */
    async ensureActive(size) {
        if (this.fd && (await this.linked()))
            return;
        const orphan = this.fd;
        if (orphan)
            this.o.onError?.('replaced', new Error(`${node_path_1.default.join(this.dir, this.activeName)} was removed or replaced; recreating it`));
        await node_fs_1.default.promises.mkdir(this.dir, { recursive: true });
        await (0, segment_file_1.syncDir)(node_path_1.default.dirname(this.dir));
        await this.forgetMissing();
        if (!orphan)
            return this.startSegment();
        const next = await this.openSegment();
        try {
            await (0, segment_file_1.copyPrefix)(orphan, next.fd, size);
        }
        catch (err) {
            await next.fd.close().catch(() => undefined);
            await node_fs_1.default.promises.rm(node_path_1.default.join(this.dir, next.name), { force: true });
            throw err; // the orphan stays the active segment: the next append tries again
        }
        await orphan.close().catch(() => undefined);
        this.fd = next.fd;
        this.activeName = next.name;
        this.activeId = next.id;
        this.activeSize = size;
    }
    /** Drops sealed segments that are no longer on disk (removed with the folder): their rows are lost. */
    async forgetMissing() {
        let lost = 0;
        for (const seg of [...this.sealedSizes.keys()]) {
            const exists = await node_fs_1.default.promises.access(node_path_1.default.join(this.dir, seg)).then(() => true, () => false);
            if (exists)
                continue;
            this.sealedSizes.delete(seg);
            lost++;
            this.o.onError?.('lost', new Error(`sealed spool segment ${seg} was removed before it reached the lake`));
        }
        return lost;
    }
    /** Writes and fsyncs everything pending as one group; on failure cuts the file back. */
    async commit() {
        this.commitQueued = false;
        const group = this.pending;
        this.pending = [];
        if (group.length === 0)
            return;
        const data = group.length === 1 ? group[0].data : Buffer.concat(group.map((p) => p.data));
        try {
            if (this.fd === null && this.activeName === '')
                throw new Error('spool is closed');
            if (!this.fd)
                await this.ensureActive(0); // a rotation could not start the next segment
            const fd = this.fd;
            let off = 0;
            while (off < data.length)
                off += (await fd.write(data, off, data.length - off)).bytesWritten;
            await fd.datasync();
            // durable only if the folder still names the file: else move everything to a recreated one
            const size = this.activeSize + data.length;
            await this.ensureActive(size);
            this.activeSize = size;
            this.failure = null;
            for (const p of group)
                p.resolve();
        }
        catch (err) {
            await this.fd?.truncate(this.activeSize).catch(() => undefined);
            const e = err;
            this.failure = { message: `spool ${this.dir} not writable: ${e.code ?? ''} ${e.message}`.replace(/\s+/g, ' '), code: e.code, bytes: data.length };
            this.o.onError?.('write', err);
            for (const p of group)
                p.reject(err);
        }
    }
}
exports.Spool = Spool;
