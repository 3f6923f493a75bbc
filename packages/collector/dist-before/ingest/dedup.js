"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DedupWindow = void 0;
/** The event ids seen recently: a bounded FIFO set, oldest forgotten first. */
class DedupWindow {
    capacity;
    ids = new Set();
    constructor(capacity) {
        this.capacity = capacity;
    }
    has(id) {
        return this.capacity > 0 && this.ids.has(id);
    }
    add(id) {
        if (this.capacity === 0)
            return;
        this.ids.delete(id);
        this.ids.add(id);
        while (this.ids.size > this.capacity)
            this.ids.delete(this.ids.values().next().value);
    }
    delete(id) {
        this.ids.delete(id);
    }
    /** Oldest first. */
    values() {
        return this.ids.values();
    }
    get size() {
        return this.ids.size;
    }
}
exports.DedupWindow = DedupWindow;
