/**
 * Reads a request body into one Buffer within a byte limit, inflating `Content-Encoding` gzip,
 * deflate or br (the limit applies to the inflated bytes, so a compressed bomb stops at the limit).
 * Plain node:http, what body-parser's raw() did for this route, without Express in the way.
 */
import type { IncomingMessage } from 'node:http';
export type BodyErrorKind = 'too_large' | 'unsupported_encoding' | 'aborted' | 'unreadable';
export declare class BodyError extends Error {
    readonly kind: BodyErrorKind;
    constructor(kind: BodyErrorKind, message: string);
}
export declare function readBody(req: IncomingMessage, limit: number): Promise<Buffer>;
