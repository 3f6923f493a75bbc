"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.encodeRecords = encodeRecords;
exports.decodeLine = decodeLine;
const keys_1 = require("../lake/keys");
const TAB = 0x09;
const HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}$/;
function encodeRecords(records) {
    let text = '';
    for (const rec of records) {
        const id = rec.k === 'e' ? rec.r.event_id : '';
        text += `${rec.k}\t${rec.s}\t${(0, keys_1.hourOf)(rec.r.received_at)}\t${id}\t${JSON.stringify(rec.r)}\n`;
    }
    return Buffer.from(text, 'utf8');
}
/** Decodes one line (without its newline); null when it is not a record of ours. */
function decodeLine(line) {
    const tabs = [];
    for (let i = 0; i < line.length && tabs.length < 4; i++)
        if (line[i] === TAB)
            tabs.push(i);
    if (tabs.length < 4)
        return null;
    const kind = line.toString('latin1', 0, tabs[0]);
    const hour = line.toString('latin1', tabs[1] + 1, tabs[2]);
    if ((kind !== 'e' && kind !== 'b') || !HOUR.test(hour))
        return null;
    const row = line.subarray(tabs[3] + 1);
    if (row[0] !== 0x7b)
        return null; // every row is a JSON object
    return { kind, site: line.toString('latin1', tabs[0] + 1, tabs[1]), hour, id: line.toString('latin1', tabs[2] + 1, tabs[3]), row };
}
