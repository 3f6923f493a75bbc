/**
 * 405 Method Not Allowed, with `Allow`, for a known path asked with a method it does not serve
 * (mounted after every route, before the 404): `GET /v1/batch` is a wrong method, not a missing page.
 */
import type { NextFunction, Request, Response } from 'express';

const SITE = '[a-z0-9][a-z0-9_-]{0,63}';
const KNOWN: [RegExp, string][] = [
  [/^\/v1\/batch\/?$/i, 'POST, OPTIONS'],
  [/^\/v1\/(track|identify|page|screen|group|alias)\/?$/i, 'POST'],
  [/^\/(healthz|readyz|metrics|sdk\.js|recorder\.js)\/?$/i, 'GET, HEAD'],
  [new RegExp(`^/v1/sites/${SITE}/actions/?$`, 'i'), 'GET, HEAD, OPTIONS'],
  [new RegExp(`^/v1/sites/${SITE}/actions/[^/]+/?$`, 'i'), 'PUT, DELETE, OPTIONS'],
  [new RegExp(`^/v1/sites/${SITE}/editor/?$`, 'i'), 'GET, HEAD, OPTIONS'],
  [new RegExp(`^/v1/sites/${SITE}/live/?$`, 'i'), 'GET, HEAD'],
];

export function methodNotAllowed(req: Request, res: Response, next: NextFunction): void {
  const allow = KNOWN.find(([re]) => re.test(req.path))?.[1];
  if (!allow || allow.split(', ').includes(req.method)) return next();
  res.setHeader('Allow', allow);
  res.status(405).json({ error: `${req.method} is not allowed on ${req.path.slice(0, 200)}; allowed: ${allow}` });
}
