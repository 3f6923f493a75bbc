/**
 * 405 Method Not Allowed, with `Allow`, for a known path asked with a method it does not serve
 * (mounted after every route, before the 404): `GET /v1/batch` is a wrong method, not a missing page.
 */
import type { NextFunction, Request, Response } from 'express';
export declare function methodNotAllowed(req: Request, res: Response, next: NextFunction): void;
