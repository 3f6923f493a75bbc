"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildObjects = buildObjects;
/**
 * One sealed spool segment → its lake objects: one gzip NDJSON body per partition (kind, site,
 * UTC hour), the largest partitions first and at most `max` of them; partitions in `skip` (already
 * stored by an earlier attempt) are left out. Pure file work: it runs in the segment worker
 * (segment-worker.ts) so that reading and compressing stay off the thread that answers requests.
 */
const segment_reader_1 = require("../spool/segment-reader");
const gzip_object_1 = require("./gzip-object");
const keys_1 = require("./keys");
async function buildObjects(file, skip, max) {
    const done = new Set(skip);
    const stats = { tornBytes: 0, corruptLines: 0 };
    const groups = new Map();
    try {
        for await (const line of (0, segment_reader_1.readSegment)(file, stats)) {
            const kind = line.kind === 'e' ? 'events' : 'bad';
            const partition = (0, keys_1.partitionPrefix)(kind, line.site, line.hour);
            if (done.has(partition))
                continue;
            let g = groups.get(partition);
            if (!g)
                groups.set(partition, (g = { kind, site: line.site, hour: line.hour, object: new gzip_object_1.GzipObject() }));
            await g.object.add(line.row);
        }
        const order = [...groups].sort((a, b) => b[1].object.bytes - a[1].object.bytes);
        for (const [, g] of order.slice(max))
            g.object.discard();
        const objects = await Promise.all(order.slice(0, max).map(async ([partition, g]) => ({ partition, kind: g.kind, site: g.site, hour: g.hour, rows: g.object.rows, body: await g.object.finish() })));
        return { objects, partitions: order.length, stats };
    }
    catch (err) {
        for (const g of groups.values())
            g.object.discard();
        throw err;
    }
}
