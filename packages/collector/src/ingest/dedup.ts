/**
 * The event ids seen recently: a bounded FIFO set, oldest forgotten first. Ids are UUIDs (the
 * schema's event_id pattern) and are kept as 128-bit numbers in typed arrays, not as strings: a
 * ring of `capacity` slots in arrival order, and an open-addressing table (linear probing, at most
 * half full) from an id to its slot. Adding, evicting and looking up are O(1).
 *
 * Kept as strings (a Map of 100,000 ids), every id outlived many young-generation collections and
 * was copied, promoted and later freed by the old one: the window doubled the collector's garbage
 * collection time. A string that is not a UUID is never remembered (claim() says it is new).
 */
import { randomInt } from 'node:crypto';

const WORDS = 4;
const UUID_LENGTH = 36;
const DASH = 0x2d;
const NEWLINE = 0x0a;
const HEX_DIGITS = Buffer.from('0123456789abcdef');
/** the value of a hex digit by its char code, -1 for other characters */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Reads a UUID into 4 words of `out`; false when `id` is not one. */
function parseUuid(id: string, out: Uint32Array, at: number): boolean {
  if (id.length !== UUID_LENGTH) return false;
  let word = 0;
  let digits = 0;
  let w = at;
  for (let i = 0; i < UUID_LENGTH; i++) {
    const c = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== DASH) return false;
      continue;
    }
    const v = c < 128 ? HEX[c] : -1;
    if (v < 0) return false;
    word = (word << 4) | v;
    if (++digits === 8) {
      out[w++] = word >>> 0;
      word = 0;
      digits = 0;
    }
  }
  return true;
}

export class DedupWindow {
  /** the ring: the ids of slot 0, 1, ... (4 words each) in arrival order */
  private readonly ids: Uint32Array;
  /** 1 while a slot's id is remembered */
  private readonly live: Uint8Array;
  /** bucket → slot + 1 (0: empty) */
  private readonly table: Int32Array;
  private readonly mask: number;
  /** a random key for the hash: ids come from pages, which must not be able to pick colliding ones */
  private readonly seed = randomInt(2 ** 31);
  /** the id being looked up */
  private readonly key = new Uint32Array(WORDS);
  /** the next slot to write: the oldest entry once the ring is full */
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.ids = new Uint32Array(capacity * WORDS);
    this.live = new Uint8Array(capacity);
    let buckets = 2;
    while (buckets < capacity * 2) buckets *= 2;
    this.table = new Int32Array(capacity ? buckets : 0);
    this.mask = buckets - 1;
  }

  has(id: string): boolean {
    return this.capacity > 0 && parseUuid(id, this.key, 0) && this.find(this.key, 0) >= 0;
  }

  /** Remembers `id` as the newest entry (an id already remembered keeps its place). */
  add(id: string): void {
    this.claim(id);
  }

  /** add() in one look-up: true when `id` was new (and is now remembered), false for a repeat. */
  claim(id: string): boolean {
    if (this.capacity === 0 || !parseUuid(id, this.key, 0)) return true;
    if (this.find(this.key, 0) >= 0) return false;
    const slot = this.next;
    if (this.live[slot]) this.remove(this.find(this.ids, slot * WORDS));
    this.ids.set(this.key, slot * WORDS);
    this.live[slot] = 1;
    this.count++;
    this.table[~this.find(this.key, 0)] = slot + 1;
    this.next = slot + 1 === this.capacity ? 0 : slot + 1;
    return true;
  }

  delete(id: string): void {
    if (this.capacity > 0 && parseUuid(id, this.key, 0)) {
      const bucket = this.find(this.key, 0);
      if (bucket >= 0) this.remove(bucket);
    }
  }

  /** Oldest first. */
  values(): IterableIterator<string> {
    return this.list().values();
  }

  /** The ids, oldest first, as one array. */
  list(): string[] {
    return this.count ? this.text().toString('latin1').split('\n') : [];
  }

  /** The ids, oldest first, one per line (the window file), written without a string per id. */
  text(): Buffer {
    const out = Buffer.allocUnsafe(this.count * (UUID_LENGTH + 1));
    let at = 0;
    this.forEachSlot((slot) => {
      for (let i = 0, digit = 0; i < WORDS; i++) {
        const word = this.ids[slot * WORDS + i];
        for (let shift = 28; shift >= 0; shift -= 4, digit++) {
          if (digit === 8 || digit === 12 || digit === 16 || digit === 20) out[at++] = DASH;
          out[at++] = HEX_DIGITS[(word >>> shift) & 15];
        }
      }
      out[at++] = NEWLINE;
    });
    return out.subarray(0, Math.max(0, at - 1));
  }

  get size(): number {
    return this.count;
  }

  private forEachSlot(fn: (slot: number) => void): void {
    const { capacity } = this;
    for (let i = 0, slot = this.next; i < capacity; i++, slot = slot + 1 === capacity ? 0 : slot + 1) if (this.live[slot]) fn(slot);
  }

  private hash(words: Uint32Array, at: number): number {
    let h = this.seed;
    for (let i = 0; i < WORDS; i++) {
      h = Math.imul(h ^ words[at + i], 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    }
    return (h ^ (h >>> 16)) & this.mask;
  }

  /** The bucket holding the id at `words[at…]`, or ~(the empty bucket where it would go). */
  private find(words: Uint32Array, at: number): number {
    const { table, ids, mask } = this;
    for (let b = this.hash(words, at); ; b = (b + 1) & mask) {
      const entry = table[b];
      if (entry === 0) return ~b;
      const s = (entry - 1) * WORDS;
      if (ids[s] === words[at] && ids[s + 1] === words[at + 1] && ids[s + 2] === words[at + 2] && ids[s + 3] === words[at + 3]) return b;
    }
  }

  /** Forgets the id in `bucket`, moving later entries of its run back (no tombstones). */
  private remove(bucket: number): void {
    const { table, mask } = this;
    this.live[table[bucket] - 1] = 0;
    this.count--;
    let hole = bucket;
    for (let b = (hole + 1) & mask; table[b] !== 0; b = (b + 1) & mask) {
      const home = this.hash(this.ids, (table[b] - 1) * WORDS);
      // an entry may move back to the hole only if its home is not in (hole, b]
      const stays = hole <= b ? hole < home && home <= b : hole < home || home <= b;
      if (stays) continue;
      table[hole] = table[b];
      hole = b;
    }
    table[hole] = 0;
  }
}
