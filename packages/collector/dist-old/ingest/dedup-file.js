"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.saveDedupWindow = saveDedupWindow;
exports.loadDedupWindow = loadDedupWindow;
/**
 * The dedup window kept across restarts: one event_id per line in SPOOL_DIR, rewritten (temp file,
 * then rename) after each flush and on shutdown, read back on start. Without it, a page re-sending
 * a beaconed event after a deploy would have it stored twice.
 */
const node_fs_1 = __importDefault(require("node:fs"));
async function saveDedupWindow(file, window) {
    const tmp = `${file}.tmp`;
    await node_fs_1.default.promises.writeFile(tmp, window.list().join('\n'));
    await node_fs_1.default.promises.rename(tmp, file);
}
/** Adds the saved ids (oldest first) to `window`; returns how many. A missing file is no error. */
async function loadDedupWindow(file, window) {
    let text;
    try {
        text = await node_fs_1.default.promises.readFile(file, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return 0;
        throw err;
    }
    let n = 0;
    for (const id of text.split('\n')) {
        if (!id)
            continue;
        window.add(id);
        n++;
    }
    return n;
}
