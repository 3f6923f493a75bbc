"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.BodyError = void 0;
exports.readBody = readBody;
const node_zlib_1 = __importDefault(require("node:zlib"));
class BodyError extends Error {
    kind;
    constructor(kind, message) {
        super(message);
        this.kind = kind;
    }
}
exports.BodyError = BodyError;
function decoder(encoding) {
    switch (encoding) {
        case 'gzip':
            return node_zlib_1.default.createGunzip();
        case 'deflate':
            return node_zlib_1.default.createInflate();
        case 'br':
            return node_zlib_1.default.createBrotliDecompress();
        default:
            throw new BodyError('unsupported_encoding', `unsupported content encoding "${encoding}"`);
    }
}
function readBody(req, limit) {
    return new Promise((resolve, reject) => {
        const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
        const declared = req.headers['content-length'] === undefined ? -1 : Number(req.headers['content-length']);
        let stream;
        let inflating = null;
        try {
            if (encoding === 'identity') {
                if (declared > limit)
                    throw new BodyError('too_large', 'request entity too large');
                stream = req;
            }
            else {
                inflating = decoder(encoding);
                req.pipe(inflating);
                stream = inflating;
            }
        }
        catch (err) {
            req.resume(); // drain what the client still sends, so it can read the answer
            return reject(err);
        }
        const chunks = [];
        let size = 0;
        let settled = false;
        const done = (err) => {
            if (settled)
                return;
            settled = true;
            req.off('aborted', onAborted);
            req.off('close', onClose);
            if (inflating) {
                req.unpipe(inflating);
                stream.on('error', () => undefined);
                stream.destroy();
            }
            if (err) {
                stream.off('data', onData);
                req.resume();
                return reject(err);
            }
            resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
        };
        const onData = (chunk) => {
            size += chunk.length;
            if (size > limit)
                return done(new BodyError('too_large', 'request entity too large'));
            chunks.push(chunk);
        };
        const onAborted = () => done(new BodyError('aborted', 'request aborted'));
        const onClose = () => {
            if (!req.complete)
                onAborted();
        };
        stream.on('data', onData);
        stream.on('end', () => {
            if (stream === req && declared >= 0 && size !== declared)
                return done(new BodyError('unreadable', 'request size did not match content length'));
            done(null);
        });
        stream.on('error', (err) => done(new BodyError('unreadable', err.message)));
        req.on('aborted', onAborted);
        req.on('close', onClose);
    });
}
