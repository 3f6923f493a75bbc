"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PreconditionFailed = void 0;
exports.isPreconditionFailed = isPreconditionFailed;
/** The condition of a conditional put did not hold: someone else wrote the object meanwhile. */
class PreconditionFailed extends Error {
    code = 'PreconditionFailed';
    constructor(key) {
        super(`${key} was changed by someone else`);
        this.name = 'PreconditionFailed';
    }
}
exports.PreconditionFailed = PreconditionFailed;
function isPreconditionFailed(err) {
    return err instanceof PreconditionFailed || err?.code === 'PreconditionFailed';
}
