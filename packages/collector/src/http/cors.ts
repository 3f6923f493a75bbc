/**
 * CORS. Ingest (`POST /v1/batch`): `*` or an allow-list of origins (ALLOWED_ORIGINS). Action edits
 * (the recorder on the shop's origin, sending Authorization, JSON and If-Match): the same
 * allow-list, answered with the caller's origin; a disallowed origin gets no CORS headers, so its
 * browser neither sends the edit nor reads the answer.
 */
import type { NextFunction, Request, Response } from 'express';

export const PREFLIGHT_MAX_AGE_S = 86_400;
export const EDIT_METHODS = 'GET, PUT, DELETE';
export const EDIT_HEADERS = 'Authorization, Content-Type, If-Match, If-None-Match';

export function originAllowed(allowed: '*' | string[], origin: string | undefined): origin is string {
  return !!origin && (allowed === '*' || allowed.includes(origin));
}

export function ingestCors(allowed: '*' | string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    if (allowed === '*') {
      res.setHeader('Access-Control-Allow-Origin', '*');
    } else {
      res.vary('Origin');
      if (originAllowed(allowed, origin)) res.setHeader('Access-Control-Allow-Origin', origin);
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

/** The action routes: preflights (204) and the CORS headers of edits and the token check. */
export function editCors(allowed: '*' | string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    res.vary('Origin');
    if (originAllowed(allowed, origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'ETag');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', EDIT_METHODS);
        res.setHeader('Access-Control-Allow-Headers', EDIT_HEADERS);
        res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_S));
      }
    }
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  };
}

/** Public reads (the definitions every page fetches): any origin, ETag readable. */
export function publicReadCors(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'ETag');
  next();
}
