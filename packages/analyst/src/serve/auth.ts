/**
 * The editor token that opens the dashboard's data (`ADMIN_TOKEN`, or `actionlake serve --token`),
 * sent by the web app as `Authorization: Bearer <token>` on every /api request. Compared as SHA-256
 * digests with timingSafeEqual, so neither its content nor its length leaks through response times
 * (the collector checks its editor token the same way). The token is never logged nor put in a URL.
 */
import crypto from 'node:crypto';

const digest = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest();

/** Whether an Authorization header carries `token`. */
export function tokenChecker(token: string): (authorization: string | undefined) => boolean {
  const expected = digest(token);
  return (authorization) => {
    const m = /^Bearer[ \t]+(.+)$/i.exec(authorization ?? '');
    return crypto.timingSafeEqual(digest(m ? m[1].trim() : ''), expected) && m !== null;
  };
}
