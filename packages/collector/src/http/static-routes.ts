/**
 * The browser bundles (/sdk.js from SDK_DIR, /recorder.js from RECORDER_DIR) and the optional demo
 * shop under /demo/.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

export const BUNDLE_MAX_AGE_S = 300;

export function staticRouter(d: { sdkDir: string; recorderDir: string; demoDir: string | null }): Router {
  const router = express.Router();
  const bundles: [string, string][] = [
    ['sdk.js', d.sdkDir],
    ['recorder.js', d.recorderDir],
  ];

  for (const [bundle, dir] of bundles) {
    router.get(`/${bundle}`, (_req, res, next) => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Cache-Control', `public, max-age=${BUNDLE_MAX_AGE_S}`);
      res.type('application/javascript');
      res.sendFile(path.join(dir, bundle), (err) => {
        if (!err || res.headersSent) return;
        // a bundle that was not built falls through to the JSON 404
        res.removeHeader('Content-Type');
        res.removeHeader('Cache-Control');
        next();
      });
    });
  }

  if (d.demoDir && fs.existsSync(d.demoDir)) {
    router.get('/', (_req, res) => res.redirect(302, '/demo/'));
    router.use('/demo', express.static(d.demoDir));
  }
  return router;
}
