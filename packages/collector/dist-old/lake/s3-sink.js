"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.S3Sink = void 0;
/** The lake in S3 or any S3-compatible store, through the AWS SDK v3. */
const client_s3_1 = require("@aws-sdk/client-s3");
const node_http_handler_1 = require("@smithy/node-http-handler");
const sink_1 = require("./sink");
class S3Sink {
    opts;
    client;
    constructor(opts) {
        this.opts = opts;
        this.client = new client_s3_1.S3Client({
            region: opts.region,
            endpoint: opts.endpoint,
            forcePathStyle: opts.forcePathStyle,
            credentials: opts.credentials,
            maxAttempts: opts.maxAttempts,
            requestChecksumCalculation: 'WHEN_REQUIRED',
            responseChecksumValidation: 'WHEN_REQUIRED',
            requestHandler: new node_http_handler_1.NodeHttpHandler({
                connectionTimeout: opts.connectionTimeoutMs,
                requestTimeout: opts.requestTimeoutMs,
                throwOnRequestTimeout: true,
            }),
        });
    }
    get describe() {
        return `s3://${this.opts.bucket}/${this.opts.prefix}`;
    }
    /**
     * PutObject. A `condition` becomes `If-Match: <ETag>` / `If-None-Match: *`, which AWS S3 checks
     * (conditional writes, since 2024): 412 PreconditionFailed, or 409 ConditionalRequestConflict
     * when another conditional write of the key is in flight, both rejected as PreconditionFailed.
     * S3-compatible stores that ignore these headers (s3rver, the S3 of the tests, among them)
     * write unconditionally, so concurrent edits through several collectors can lose one there.
     */
    async put(key, body, contentType = 'application/gzip', condition, opts = {}) {
        try {
            await this.client.send(new client_s3_1.PutObjectCommand({
                Bucket: this.opts.bucket,
                Key: this.opts.prefix + key,
                Body: body,
                ContentType: contentType,
                ContentLength: body.length,
                ...(condition && ('ifMatch' in condition ? { IfMatch: condition.ifMatch } : { IfNoneMatch: '*' })),
            }), { abortSignal: opts.signal });
        }
        catch (err) {
            const e = err;
            if (condition && (e.name === 'PreconditionFailed' || e.name === 'ConditionalRequestConflict' || e.$metadata?.httpStatusCode === 412)) {
                throw new sink_1.PreconditionFailed(key);
            }
            throw err;
        }
    }
    /**
     * GetObject through the same client (same timeouts and attempts as put), with the ETag as tag;
     * no such key: null. Needs s3:ListBucket besides s3:GetObject: without it S3 answers a missing
     * key with 403, which is an error here, not an empty object.
     */
    async get(key, opts = {}) {
        try {
            const res = await this.client.send(new client_s3_1.GetObjectCommand({ Bucket: this.opts.bucket, Key: this.opts.prefix + key }), { abortSignal: opts.signal });
            const body = res.Body ? Buffer.from(await res.Body.transformToByteArray()) : Buffer.alloc(0);
            return { body, tag: res.ETag ?? '' };
        }
        catch (err) {
            const e = err;
            // a missing bucket is a misconfiguration, not an empty object
            if (e.name === 'NoSuchKey' || (e.$metadata?.httpStatusCode === 404 && e.name !== 'NoSuchBucket'))
                return null;
            throw err;
        }
    }
    async check(opts = {}) {
        await this.client.send(new client_s3_1.HeadBucketCommand({ Bucket: this.opts.bucket }), { abortSignal: opts.signal });
    }
    async close() {
        this.client.destroy();
    }
}
exports.S3Sink = S3Sink;
