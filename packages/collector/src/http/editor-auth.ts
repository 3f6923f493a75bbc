/**
 * The editor token of the Action Recorder: `Authorization: Bearer <ADMIN_TOKEN>`. Compared as
 * SHA-256 digests with timingSafeEqual, so neither the content nor the length of the token leaks
 * through response times. The token is never logged.
 */
import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const EDITS_DISABLED = 'action edits are disabled: start the collector with ADMIN_TOKEN=<secret> to enable the Action Recorder';
export const WRONG_TOKEN = 'wrong editor token';

export type EditorCheck = 'ok' | 'disabled' | 'wrong';

const digest = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest();

export function editorChecker(adminToken: string | null): (authorization: string | undefined) => EditorCheck {
  const expected = adminToken ? digest(adminToken) : null;
  return (authorization) => {
    if (!expected) return 'disabled';
    const m = /^Bearer[ \t]+(.+)$/i.exec(authorization ?? '');
    const given = digest(m ? m[1].trim() : '');
    return crypto.timingSafeEqual(given, expected) && m ? 'ok' : 'wrong';
  };
}

/** Express middleware: 403 when edits are disabled, 401 + WWW-Authenticate for a missing or wrong token. */
export function requireEditor(adminToken: string | null) {
  const check = editorChecker(adminToken);
  return (req: Request, res: Response, next: NextFunction): void => {
    const result = check(req.headers.authorization);
    if (result === 'ok') return next();
    res.setHeader('Cache-Control', 'no-store');
    if (result === 'disabled') return void res.status(403).json({ error: EDITS_DISABLED });
    res.setHeader('WWW-Authenticate', 'Bearer realm="actionlake"');
    res.status(401).json({ error: WRONG_TOKEN });
  };
}
