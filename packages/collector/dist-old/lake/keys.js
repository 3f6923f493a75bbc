"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.UNKNOWN_SITE = void 0;
exports.badRowSite = badRowSite;
exports.hourOf = hourOf;
exports.partitionPrefix = partitionPrefix;
exports.uniquePart = uniquePart;
exports.objectKey = objectKey;
/** Object keys of the lake (contract §5): partition by site and the UTC date and hour of received_at. */
const node_crypto_1 = __importDefault(require("node:crypto"));
const schema_1 = require("@actionlake/schema");
exports.UNKNOWN_SITE = '_unknown';
/** The site partition of a bad row: the site it names if that is a valid id, else `_unknown`. */
function badRowSite(site) {
    return typeof site === 'string' && schema_1.SITE_ID_PATTERN.test(site) ? site : exports.UNKNOWN_SITE;
}
/** The UTC hour of a timestamp, `2024-05-01T09`: what a row's partition is made of. */
function hourOf(receivedAt) {
    return new Date(receivedAt).toISOString().slice(0, 13);
}
/** `events/site_id=shop/dt=2024-05-01/hour=09/` for hour `2024-05-01T09` */
function partitionPrefix(kind, site, hour) {
    return `${kind}/site_id=${site}/dt=${hour.slice(0, 10)}/hour=${hour.slice(11, 13)}/`;
}
let sequence = 0;
/**
 * The part of an object name after `<collector_id>-`: time, randomness and a per-process sequence,
 * so it is unique across restarts and collectors. Contains no `-`, so the collector id before it
 * stays unambiguous.
 */
function uniquePart(now = Date.now()) {
    sequence = (sequence + 1) % 1_000_000;
    return `${now}_${node_crypto_1.default.randomBytes(5).toString('hex')}_${String(sequence).padStart(6, '0')}`;
}
/** The key of one object: `unique` comes from the spool segment it is made of (spool/segment-name.ts). */
function objectKey(kind, site, hour, collectorId, unique) {
    return `${partitionPrefix(kind, site, hour)}${collectorId}-${unique}.ndjson.gz`;
}
