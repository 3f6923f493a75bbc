"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.readSegment = readSegment;
/**
 * Reads a spool segment line by line in bounded memory. A trailing line without its newline is a
 * write cut short by a crash (never acknowledged): it is skipped and reported, not an error.
 */
const node_fs_1 = __importDefault(require("node:fs"));
const record_1 = require("./record");
const NL = 0x0a;
async function* readSegment(file, stats = { tornBytes: 0, corruptLines: 0 }) {
    let rest = Buffer.alloc(0);
    for await (const chunk of node_fs_1.default.createReadStream(file, { highWaterMark: 1 << 20 })) {
        const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
        let start = 0;
        for (let nl = buf.indexOf(NL, start); nl >= 0; nl = buf.indexOf(NL, start)) {
            const line = (0, record_1.decodeLine)(buf.subarray(start, nl));
            if (line)
                yield line;
            else if (nl > start)
                stats.corruptLines++;
            start = nl + 1;
        }
        rest = buf.subarray(start);
    }
    stats.tornBytes = rest.length;
}
