/** CORS for the ingest route: `*` or an allow-list of origins (ALLOWED_ORIGINS). */
import type { NextFunction, Request, Response } from 'express';

export const PREFLIGHT_MAX_AGE_S = 86_400;

export function ingestCors(allowed: '*' | string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    if (allowed === '*') {
      res.setHeader('Access-Control-Allow-Origin', '*');
    } else {
      res.vary('Origin');
      if (origin && allowed.includes(origin)) res.setHeader('Access-Control-Allow-Origin', origin);
    }
    // so that pages can read how long to wait on 429 and 503
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
      res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_S));
      res.status(204).end();
      return;
    }
    next();
  };
}
