"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.GzipObject = void 0;
/**
 * Builds one gzip NDJSON object from rows added one at a time, in bounded memory: rows are
 * compressed as they come (in chunks of CHUNK_BYTES) and only the compressed bytes are kept.
 * The compressor is only created once an object holds CHUNK_BYTES: most partitions are small,
 * and each zlib stream costs ~256 KiB, so a segment of thousands of one-row partitions keeps
 * only their rows, compressed in one call each when finished (same bytes as streaming).
 */
const node_events_1 = require("node:events");
const node_util_1 = require("node:util");
const node_zlib_1 = __importDefault(require("node:zlib"));
const CHUNK_BYTES = 256 * 1024;
const NEWLINE = Buffer.from('\n');
const gzip = (0, node_util_1.promisify)(node_zlib_1.default.gzip);
class GzipObject {
    rows = 0;
    /** uncompressed bytes added so far */
    bytes = 0;
    gz = null;
    out = [];
    pending = [];
    pendingBytes = 0;
    /** Adds one row (its JSON, without newline). Resolves at once unless zlib asks to slow down. */
    async add(row) {
        this.pending.push(row, NEWLINE);
        this.pendingBytes += row.length + 1;
        this.bytes += row.length + 1;
        this.rows++;
        if (this.pendingBytes >= CHUNK_BYTES)
            await this.push();
    }
    /** Finishes the stream; the whole object. */
    async finish() {
        if (!this.gz)
            return gzip(this.takePending());
        await this.push();
        const ended = (0, node_events_1.once)(this.gz, 'end');
        this.gz.end();
        await ended;
        return Buffer.concat(this.out);
    }
    /** Frees the compressor of an object that will not be written (its segment is retried later). */
    discard() {
        this.gz?.destroy();
        this.pending = [];
        this.pendingBytes = 0;
    }
    takePending() {
        const data = Buffer.concat(this.pending, this.pendingBytes);
        this.pending = [];
        this.pendingBytes = 0;
        return data;
    }
    async push() {
        if (this.pendingBytes === 0)
            return;
        if (!this.gz) {
            const gz = (this.gz = node_zlib_1.default.createGzip());
            gz.on('data', (chunk) => this.out.push(chunk));
        }
        if (!this.gz.write(this.takePending()))
            await (0, node_events_1.once)(this.gz, 'drain');
    }
}
exports.GzipObject = GzipObject;
