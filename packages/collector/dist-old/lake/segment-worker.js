"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/** The segment worker thread: builds the objects of one segment per message (segment-objects.ts). */
const node_worker_threads_1 = require("node:worker_threads");
const segment_objects_1 = require("./segment-objects");
node_worker_threads_1.parentPort.on('message', (req) => {
    (0, segment_objects_1.buildObjects)(req.file, req.skip, req.max).then((result) => node_worker_threads_1.parentPort.postMessage({ id: req.id, result }), (err) => node_worker_threads_1.parentPort.postMessage({ id: req.id, error: { message: err.message, code: err.code } }));
});
