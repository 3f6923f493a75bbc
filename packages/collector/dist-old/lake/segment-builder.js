"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.SegmentBuilder = void 0;
/**
 * Builds a segment's objects in a worker thread (one, started on first use, stopped by close()),
 * so the flush does not take CPU from the thread that answers requests. The objects are the same
 * as built in-process. Where the compiled worker is not available (the TypeScript sources run
 * by the unit tests), it builds in-process.
 */
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const node_worker_threads_1 = require("node:worker_threads");
const segment_objects_1 = require("./segment-objects");
const WORKER_FILE = node_path_1.default.join(__dirname, 'segment-worker.js');
class SegmentBuilder {
    useWorker;
    worker = null;
    pending = new Map();
    nextId = 0;
    constructor(useWorker = node_fs_1.default.existsSync(WORKER_FILE)) {
        this.useWorker = useWorker;
    }
    build(file, skip, max) {
        if (!this.useWorker)
            return (0, segment_objects_1.buildObjects)(file, skip, max);
        const worker = this.start();
        const id = ++this.nextId;
        return new Promise((resolve, reject) => {
            this.pending.set(id, { resolve, reject });
            worker.ref(); // keeps the process alive while it works for us
            worker.postMessage({ id, file, skip: [...skip], max });
        });
    }
    async close() {
        const w = this.worker;
        this.worker = null;
        if (w)
            await w.terminate();
    }
    start() {
        if (this.worker)
            return this.worker;
        const w = new node_worker_threads_1.Worker(WORKER_FILE);
        w.unref();
        w.on('message', (reply) => {
            const p = this.pending.get(reply.id);
            if (!p)
                return;
            this.pending.delete(reply.id);
            if (this.pending.size === 0)
                w.unref();
            if (reply.error)
                p.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
            else {
                const r = reply.result;
                // structured clone hands back Uint8Arrays: view them as Buffers again (no copy)
                for (const o of r.objects)
                    o.body = Buffer.from(o.body.buffer, o.body.byteOffset, o.body.byteLength);
                p.resolve(r);
            }
        });
        const fail = (err) => {
            if (this.worker === w)
                this.worker = null;
            for (const p of this.pending.values())
                p.reject(err);
            this.pending.clear();
        };
        w.on('error', fail);
        w.on('exit', (code) => fail(new Error(`the segment worker exited with code ${code}`)));
        this.worker = w;
        return w;
    }
}
exports.SegmentBuilder = SegmentBuilder;
