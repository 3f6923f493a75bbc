"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.workerSpoolDir = workerSpoolDir;
exports.workerConfig = workerConfig;
exports.adoptOrphanSegments = adoptOrphanSegments;
exports.runPrimary = runPrimary;
exports.workerIndex = workerIndex;
/**
 * WORKERS > 1: several collector processes on one port (node:cluster; the primary accepts and
 * hands connections round-robin to the workers). Each worker is a whole collector with its own
 * spool folder (SPOOL_DIR/worker-<i>), its own dedup window and COLLECTOR_ID-w<i>, so their
 * lake objects never share a name. The primary does no HTTP work: it starts the workers, starts a
 * replacement when one dies, and on SIGTERM/SIGINT stops them all (each flushes its spool) and
 * exits with the worst exit code. A killed primary takes its workers with it (node:cluster ends a
 * worker whose primary is gone); their spools are durable and the next start uploads them.
 */
const node_cluster_1 = __importDefault(require("node:cluster"));
const cluster_relay_1 = require("./live/cluster-relay");
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const SEGMENT = /^seg-(\d{12})\.ndjson$/;
function workerSpoolDir(spoolDir, index) {
    return node_path_1.default.join(spoolDir, `worker-${index}`);
}
/** The config one worker runs with. */
function workerConfig(config, index) {
    return { ...config, spoolDir: workerSpoolDir(config.spoolDir, index), collectorId: `${config.collectorId.slice(0, 60)}-w${index}` };
}
/**
 * Segments no worker would read (left by a run with one process, in SPOOL_DIR itself, or by a run
 * with more workers) are moved into worker 1's folder under new numbers, so they reach the lake.
 */
function adoptOrphanSegments(spoolDir, workers) {
    const target = workerSpoolDir(spoolDir, 1);
    node_fs_1.default.mkdirSync(target, { recursive: true });
    const orphanDirs = [spoolDir];
    for (const d of node_fs_1.default.readdirSync(spoolDir)) {
        const m = /^worker-(\d+)$/.exec(d);
        if (m && Number(m[1]) > workers)
            orphanDirs.push(node_path_1.default.join(spoolDir, d));
    }
    let next = Math.max(0, ...node_fs_1.default.readdirSync(target).map((f) => Number(SEGMENT.exec(f)?.[1] ?? 0))) + 1;
    let moved = 0;
    for (const dir of orphanDirs) {
        for (const f of node_fs_1.default.readdirSync(dir).filter((f) => SEGMENT.test(f)).sort()) {
            node_fs_1.default.renameSync(node_path_1.default.join(dir, f), node_path_1.default.join(target, `seg-${String(next++).padStart(12, '0')}.ndjson`));
            moved++;
        }
    }
    return moved;
}
function runPrimary(config, logger) {
    node_fs_1.default.mkdirSync(config.spoolDir, { recursive: true });
    const adopted = adoptOrphanSegments(config.spoolDir, config.workers);
    if (adopted)
        logger.info({ segments: adopted }, 'spool segments of an earlier run handed to worker 1');
    let stopping = false;
    const workers = new Map();
    let worst = 0;
    const live = new cluster_relay_1.PrimaryRelay(); // a live listener on one worker sees the events of all
    const fork = (index) => {
        const w = node_cluster_1.default.fork({ ACTIONLAKE_WORKER: String(index) });
        workers.set(index, w);
        live.attach(w);
        w.on('exit', (code, signal) => {
            workers.delete(index);
            if (stopping) {
                worst = Math.max(worst, code ?? 1);
                if (workers.size === 0)
                    process.exit(worst);
                return;
            }
            logger.error({ worker: index, code, signal }, 'worker died; starting another');
            setTimeout(() => !stopping && fork(index), 1_000).unref();
        });
    };
    for (let i = 1; i <= config.workers; i++)
        fork(i);
    const stop = (signal) => {
        if (stopping)
            return;
        stopping = true;
        logger.info({ signal, workers: workers.size }, 'stopping the workers');
        if (workers.size === 0)
            process.exit(0);
        for (const w of workers.values())
            w.process.kill('SIGTERM');
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
}
/** In a worker: its index (1-based), or null in a process that is not one. */
function workerIndex() {
    return node_cluster_1.default.isWorker ? Number(process.env.ACTIONLAKE_WORKER) || null : null;
}
