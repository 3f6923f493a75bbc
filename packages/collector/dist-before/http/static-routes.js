"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.BUNDLE_MAX_AGE_S = void 0;
exports.staticRouter = staticRouter;
/**
 * The browser bundles (/sdk.js from SDK_DIR, /recorder.js from RECORDER_DIR) and the optional demo
 * shop under /demo/.
 */
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const express_1 = __importDefault(require("express"));
exports.BUNDLE_MAX_AGE_S = 300;
function staticRouter(d) {
    const router = express_1.default.Router();
    const bundles = [
        ['sdk.js', d.sdkDir],
        ['recorder.js', d.recorderDir],
    ];
    for (const [bundle, dir] of bundles) {
        router.get(`/${bundle}`, (_req, res, next) => {
            res.setHeader('Access-Control-Allow-Origin', '*');
            res.setHeader('Cache-Control', `public, max-age=${exports.BUNDLE_MAX_AGE_S}`);
            res.type('application/javascript');
            res.sendFile(node_path_1.default.join(dir, bundle), (err) => {
                if (!err || res.headersSent)
                    return;
                // a bundle that was not built falls through to the JSON 404
                res.removeHeader('Content-Type');
                res.removeHeader('Cache-Control');
                next();
            });
        });
    }
    if (d.demoDir && node_fs_1.default.existsSync(d.demoDir)) {
        router.get('/', (_req, res) => res.redirect(302, '/demo/'));
        router.use('/demo', express_1.default.static(d.demoDir));
    }
    return router;
}
