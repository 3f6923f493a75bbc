import type { NextFunction, Request, Response } from 'express';
export declare const EDITS_DISABLED = "action edits are disabled: start the collector with ADMIN_TOKEN=<secret> to enable the Action Recorder";
export declare const WRONG_TOKEN = "wrong editor token";
export type EditorCheck = 'ok' | 'disabled' | 'wrong';
export declare function editorChecker(adminToken: string | null): (authorization: string | undefined) => EditorCheck;
/** Express middleware: 403 when edits are disabled, 401 + WWW-Authenticate for a missing or wrong token. */
export declare function requireEditor(adminToken: string | null): (req: Request, res: Response, next: NextFunction) => void;
