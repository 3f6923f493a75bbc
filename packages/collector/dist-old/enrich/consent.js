"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_CONSENT = void 0;
exports.consentOf = consentOf;
exports.DEFAULT_CONSENT = { state: 'granted', gpc: false, source: 'default' };
function consentOf(sent) {
    return sent ?? exports.DEFAULT_CONSENT;
}
