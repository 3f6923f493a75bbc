"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.spoolFullRetryAfter = void 0;
exports.batchRouter = batchRouter;
/**
 * POST /v1/batch inside Express: the CORS preflight, then the plain node:http ingest handler
 * (ingest-handler.ts). The collector's own server calls that handler before Express; this route
 * serves embedders who mount `collector.app` in a server of their own.
 */
const express_1 = __importDefault(require("express"));
const cors_1 = require("./cors");
var ingest_handler_1 = require("./ingest-handler");
Object.defineProperty(exports, "spoolFullRetryAfter", { enumerable: true, get: function () { return ingest_handler_1.spoolFullRetryAfter; } });
function batchRouter(allowedOrigins, handler) {
    const router = express_1.default.Router();
    router.use('/v1/batch', (0, cors_1.ingestCors)(allowedOrigins));
    router.post('/v1/batch', (req, res) => void handler(req, res));
    return router;
}
