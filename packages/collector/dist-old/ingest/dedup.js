"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DedupWindow = void 0;
/**
 * The event ids seen recently: a bounded FIFO set, oldest forgotten first. A ring buffer of
 * `capacity` slots plus a Map id → slot, so adding and evicting are O(1) (a Set evicted with
 * `values().next()` rescans the slots of deleted entries and cost a third of the ingest thread).
 */
class DedupWindow {
    capacity;
    slots;
    slotOf = new Map();
    /** the next slot to write: the oldest entry once the ring is full */
    next = 0;
    constructor(capacity) {
        this.capacity = capacity;
        this.slots = new Array(capacity);
    }
    has(id) {
        return this.slotOf.has(id);
    }
    /** Remembers `id` as the newest entry (an id already remembered keeps its place). */
    add(id) {
        this.claim(id);
    }
    /** add() in one look-up: true when `id` was new (and is now remembered), false for a repeat. */
    claim(id) {
        if (this.capacity === 0)
            return true;
        if (this.slotOf.has(id))
            return false;
        const slot = this.next;
        const old = this.slots[slot];
        // the slot's old id may have been deleted and added again elsewhere since: only its own slot counts
        if (old !== undefined && this.slotOf.get(old) === slot)
            this.slotOf.delete(old);
        this.slots[slot] = id;
        this.slotOf.set(id, slot);
        this.next = slot + 1 === this.capacity ? 0 : slot + 1;
        return true;
    }
    delete(id) {
        this.slotOf.delete(id);
    }
    /** Oldest first. */
    values() {
        return this.list().values();
    }
    /** The ids, oldest first, as one array (what the window file is written from, after every flush). */
    list() {
        const out = [];
        const { slots, slotOf, capacity } = this;
        for (let i = 0, slot = this.next; i < capacity; i++, slot = slot + 1 === capacity ? 0 : slot + 1) {
            const id = slots[slot];
            if (id !== undefined && slotOf.get(id) === slot)
                out.push(id);
        }
        return out;
    }
    get size() {
        return this.slotOf.size;
    }
}
exports.DedupWindow = DedupWindow;
