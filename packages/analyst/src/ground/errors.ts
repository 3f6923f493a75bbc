/** Errors a user can fix (bad flag, missing lake, unknown site): one line, no stack trace. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'UserError';
  }
}
