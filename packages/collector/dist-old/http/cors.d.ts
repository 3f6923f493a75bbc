/**
 * CORS. Ingest (`POST /v1/batch`): `*` or an allow-list of origins (ALLOWED_ORIGINS). Action edits
 * (the recorder on the shop's origin, sending Authorization, JSON and If-Match): the same
 * allow-list, answered with the caller's origin; a disallowed origin gets no CORS headers, so its
 * browser neither sends the edit nor reads the answer.
 */
import type { NextFunction, Request, Response } from 'express';
export declare const PREFLIGHT_MAX_AGE_S = 86400;
export declare const EDIT_METHODS = "GET, PUT, DELETE";
export declare const EDIT_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match";
export declare function originAllowed(allowed: '*' | string[], origin: string | undefined): origin is string;
export declare function ingestCors(allowed: '*' | string[]): (req: Request, res: Response, next: NextFunction) => void;
/** The action routes: preflights (204) and the CORS headers of edits and the token check. */
export declare function editCors(allowed: '*' | string[]): (req: Request, res: Response, next: NextFunction) => void;
/** Public reads (the definitions every page fetches): any origin, ETag readable. */
export declare function publicReadCors(_req: Request, res: Response, next: NextFunction): void;
