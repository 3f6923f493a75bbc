/**
 * Reads a request body into one Buffer within a byte limit, inflating `Content-Encoding` gzip,
 * deflate or br (the limit applies to the inflated bytes, so a compressed bomb stops at the limit).
 * Plain node:http, what body-parser's raw() did for this route, without Express in the way.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';

export type BodyErrorKind = 'too_large' | 'unsupported_encoding' | 'aborted' | 'unreadable';

export class BodyError extends Error {
  constructor(readonly kind: BodyErrorKind, message: string) {
    super(message);
  }
}

function decoder(encoding: string): Transform {
  switch (encoding) {
    case 'gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      throw new BodyError('unsupported_encoding', `unsupported content encoding "${encoding}"`);
  }
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    const declared = req.headers['content-length'] === undefined ? -1 : Number(req.headers['content-length']);
    let stream: Readable;
    let inflating: Transform | null = null;
    try {
      if (encoding === 'identity') {
        if (declared > limit) throw new BodyError('too_large', 'request entity too large');
        stream = req;
      } else {
        inflating = decoder(encoding);
        req.pipe(inflating);
        stream = inflating;
      }
    } catch (err) {
      req.resume(); // drain what the client still sends, so it can read the answer
      return reject(err);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const done = (err: BodyError | null) => {
      if (settled) return;
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
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return done(new BodyError('too_large', 'request entity too large'));
      chunks.push(chunk);
    };
    const onAborted = () => done(new BodyError('aborted', 'request aborted'));
    const onClose = () => {
      if (!req.complete) onAborted();
    };
    stream.on('data', onData);
    stream.on('end', () => {
      if (stream === req && declared >= 0 && size !== declared) return done(new BodyError('unreadable', 'request size did not match content length'));
      done(null);
    });
    stream.on('error', (err: Error) => done(new BodyError('unreadable', err.message)));
    req.on('aborted', onAborted);
    req.on('close', onClose);
  });
}
