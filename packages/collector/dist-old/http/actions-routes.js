"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.CHANGED_ELSEWHERE = void 0;
exports.actionsRouter = actionsRouter;
/**
 * The action definitions of a site (contract §3), read by every page and edited by the recorder:
 *
 *   GET    /v1/sites/:site/actions      {version, actions}, ETag, Cache-Control: no-cache; 304 on If-None-Match
 *   PUT    /v1/sites/:site/actions/:id  create (201) or replace (200) one; {version, action}
 *   DELETE /v1/sites/:site/actions/:id  200 {version}; 404 for an unknown id
 *   GET    /v1/sites/:site/editor       204 when the editor token is right (the recorder asks first)
 *
 * Edits need `Authorization: Bearer $ADMIN_TOKEN`; `If-Match: "<version>"` makes them conditional (412).
 */
const express_1 = __importDefault(require("express"));
const schema_1 = require("@actionlake/schema");
const validate_1 = require("../actions/validate");
const conditional_1 = require("./conditional");
const cors_1 = require("./cors");
const editor_auth_1 = require("./editor-auth");
const ACTIONS = '/v1/sites/:site/actions';
const ONE = '/v1/sites/:site/actions/:id';
const EDITOR = '/v1/sites/:site/editor';
exports.CHANGED_ELSEWHERE = 'the actions were changed by someone else; reload them';
function actionsRouter(d) {
    const { config, store, metrics, logger } = d;
    const router = express_1.default.Router();
    const cors = (0, cors_1.editCors)(config.allowedOrigins);
    const editor = (0, editor_auth_1.requireEditor)(config.adminToken);
    const readJson = express_1.default.json({ limit: config.actionMaxBytes, type: () => true });
    const site = (req, res, next) => {
        const s = req.params.site;
        if (schema_1.SITE_ID_PATTERN.test(s))
            return next();
        res.status(400).json({ error: `site id "${s.slice(0, 100)}" is not valid (${schema_1.SITE_ID_PATTERN.source})` });
    };
    const unavailable = (res, err, what) => {
        logger.error({ err, site: res.req.params.site }, `could not ${what} the action definitions`);
        res.setHeader('Retry-After', '5');
        res.status(503).json({ error: `could not ${what} the action definitions in the lake; retry later` });
    };
    router.options([ACTIONS, ONE, EDITOR], cors);
    router.get(ACTIONS, cors_1.publicReadCors, site, async (req, res) => {
        let view;
        try {
            view = await store.get(req.params.site);
        }
        catch (err) {
            return unavailable(res, err, 'read');
        }
        res.setHeader('ETag', (0, conditional_1.quoted)(view.version));
        res.setHeader('Cache-Control', 'no-cache');
        const seen = (0, conditional_1.entityTags)(req.headers['if-none-match']);
        if (seen === '*' || seen?.includes(view.version))
            return void res.status(304).end();
        res.type('application/json').send(view.json);
    });
    router.get(EDITOR, cors, editor, site, (_req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        res.status(204).end();
    });
    router.put(ONE, cors, editor, site, async (req, res) => {
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (type !== 'application/json' && !type.endsWith('+json')) {
            return void res.status(415).json({ error: `unsupported content type "${type || '(none)'}"; send the action definition as application/json` });
        }
        let body;
        try {
            body = await new Promise((resolve, reject) => readJson(req, res, (err) => (err ? reject(err) : resolve(req.body))));
        }
        catch (err) {
            const e = err;
            if (e.type === 'entity.too.large')
                return void res.status(413).json({ error: `body is larger than ${config.actionMaxBytes} bytes (ACTION_MAX_BYTES)` });
            if (e.type === 'request.aborted')
                return;
            return void res.status(400).json({ error: `body is not valid JSON: ${e.message ?? String(err)}` });
        }
        const id = req.params.id;
        const checked = (0, validate_1.validateAction)(body, id, config);
        if (!checked.ok)
            return void res.status(checked.status).json({ error: checked.error, errors: checked.errors });
        let outcome;
        try {
            outcome = await store.put(req.params.site, checked.action, ifMatch(req));
        }
        catch (err) {
            return unavailable(res, err, 'store');
        }
        if (outcome.status !== 'saved')
            return refused(res, outcome, id);
        const op = outcome.created ? 'create' : 'replace';
        metrics.actionEdits.inc({ op });
        logger.info({ site: req.params.site, id, version: outcome.version, op }, 'action definition saved');
        res.setHeader('ETag', (0, conditional_1.quoted)(outcome.version));
        res.status(outcome.created ? 201 : 200).json({ version: outcome.version, action: checked.action });
    });
    router.delete(ONE, cors, editor, site, async (req, res) => {
        const id = req.params.id;
        if (!schema_1.ACTION_ID_PATTERN.test(id))
            return void res.status(400).json({ error: `id "${id.slice(0, 100)}" is not valid (${schema_1.ACTION_ID_PATTERN.source})` });
        let outcome;
        try {
            outcome = await store.remove(req.params.site, id, ifMatch(req));
        }
        catch (err) {
            return unavailable(res, err, 'store');
        }
        if (outcome.status !== 'saved')
            return refused(res, outcome, id, req.params.site);
        metrics.actionEdits.inc({ op: 'delete' });
        logger.info({ site: req.params.site, id, version: outcome.version, op: 'delete' }, 'action definition deleted');
        res.setHeader('ETag', (0, conditional_1.quoted)(outcome.version));
        res.status(200).json({ version: outcome.version });
    });
    return router;
}
/** The If-Match versions, or null for none / `*` (last writer wins). */
function ifMatch(req) {
    const tags = (0, conditional_1.entityTags)(req.headers['if-match']);
    return tags === '*' ? null : tags;
}
function refused(res, outcome, id, site) {
    switch (outcome.status) {
        case 'version_mismatch':
            res.setHeader('ETag', (0, conditional_1.quoted)(outcome.version));
            return void res.status(412).json({ error: exports.CHANGED_ELSEWHERE, version: outcome.version });
        case 'not_found':
            return void res.status(404).json({ error: `there is no action "${id}" on site "${site}"` });
        case 'too_many':
            return void res.status(400).json({ error: outcome.error });
        case 'too_large':
            return void res.status(413).json({ error: outcome.error });
    }
}
