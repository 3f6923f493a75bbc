/**
 * The event ids seen recently: a bounded FIFO set, oldest forgotten first. Ids are UUIDs (the
 * schema's event_id pattern) and are kept as 128-bit numbers in typed arrays, not as strings: a
 * ring of `capacity` slots in arrival order, and an open-addressing table (linear probing, at most
 * half full) from an id to its slot. Adding, evicting and looking up are O(1).
 *
 * Kept as strings (a Map of 100,000 ids), every id outlived many young-generation collections and
 * was copied, promoted and later freed by the old one: the window doubled the collector's garbage
 * collection time. A string that is not a UUID is never remembered (claim() says it is new).
 *
 * An id may also be *pending* (dedup-claims.ts): claimed by a write still under way, with the number
 * of its owner beside it. It takes its place in the ring when claimed, and becomes seen or is
 * forgotten when the write settles, found again by one look-up: no second structure of strings
 * (with WORKERS > 1 the primary does this for every event of every worker, so each look-up counts).
 * A pending id pushed out of the ring by `capacity` newer ones keeps its claim in `displaced`.
 */
import { randomInt } from 'node:crypto';

const WORDS = 4;
const UUID_LENGTH = 36;
const DASH = 0x2d;
const NEWLINE = 0x0a;
const HEX_DIGITS = Buffer.from('0123456789abcdef');
/** a slot's state in `live` */
const SEEN = 1;
const PENDING = 2;
/** claimAt()'s answers besides an owner number (owner numbers are >= 0) */
export const CLAIM_NEW = -1;
export const CLAIM_SEEN = -2;
/** the byte two hex digits write, by their char codes (c1 << 7 | c2); -1 for anything else */
const PAIRS = new Int16Array(128 * 128).fill(-1);
for (let hi = 0; hi < 16; hi++) {
  for (let lo = 0; lo < 16; lo++) {
    const [h, l] = [hi, lo].map((d) => d.toString(16));
    for (const pair of [h + l, h.toUpperCase() + l, h + l.toUpperCase(), (h + l).toUpperCase()]) {
      PAIRS[(pair.charCodeAt(0) << 7) | pair.charCodeAt(1)] = (hi << 4) | lo;
    }
  }
}

/** The byte written at id[i], id[i + 1] as two hex digits, or -1. */
function byteAt(id: string, i: number): number {
  const hi = id.charCodeAt(i);
  const lo = id.charCodeAt(i + 1);
  return (hi | lo) < 128 ? PAIRS[(hi << 7) | lo] : -1;
}

/** 4 bytes from the digits at a, a + 2, b, b + 2: one word of the id, or -1 when one is not hex. */
function wordAt(id: string, a: number, b: number): number {
  const b0 = byteAt(id, a);
  const b1 = byteAt(id, a + 2);
  const b2 = byteAt(id, b);
  const b3 = byteAt(id, b + 2);
  return (b0 | b1 | b2 | b3) < 0 ? -1 : ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
}

/** Reads the UUID (8-4-4-4-12 hex digits, either case) at `text[at…at + 36]` into 4 words of `out`; false when it is not one. */
function parseUuid(text: string, out: Uint32Array, at = 0): boolean {
  if (text.length - at < UUID_LENGTH) return false;
  if (text.charCodeAt(at + 8) !== DASH || text.charCodeAt(at + 13) !== DASH || text.charCodeAt(at + 18) !== DASH || text.charCodeAt(at + 23) !== DASH) return false;
  const w0 = wordAt(text, at, at + 4);
  const w1 = wordAt(text, at + 9, at + 14);
  const w2 = wordAt(text, at + 19, at + 24);
  const w3 = wordAt(text, at + 28, at + 32);
  if (w0 < 0 || w1 < 0 || w2 < 0 || w3 < 0) return false;
  out[0] = w0;
  out[1] = w1;
  out[2] = w2;
  out[3] = w3;
  return true;
}

/** `id` is exactly one UUID, read into `out`. */
const isUuid = (id: string, out: Uint32Array): boolean => id.length === UUID_LENGTH && parseUuid(id, out);

export class DedupWindow {
  /** the ring: the ids of slot 0, 1, ... (4 words each) in arrival order */
  private readonly ids: Uint32Array;
  /** per slot: 0 free, SEEN, or PENDING */
  private readonly live: Uint8Array;
  /** per slot: the owner number of a pending id */
  private readonly owners: Int32Array;
  /** pending ids the ring had to let go of before their write settled → owner number */
  private readonly displaced = new Map<string, number>();
  /** per bucket: slot + 1 (0: empty), then the id's hash */
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
    this.owners = new Int32Array(capacity);
    let buckets = 2;
    while (buckets < capacity * 2) buckets *= 2;
    this.table = new Int32Array(capacity ? 2 * buckets : 0);
    this.mask = buckets - 1;
  }

  /** Whether `id` is seen (its write durable); a pending id is not. */
  has(id: string): boolean {
    if (this.capacity === 0 || !isUuid(id, this.key)) return false;
    const b = this.find(this.key, 0, this.hash(this.key, 0));
    return b >= 0 && this.live[this.table[2 * b] - 1] === SEEN;
  }

  /** Remembers `id` as seen: the newest entry, or a pending one made seen where it is. */
  add(id: string): void {
    this.claim(id);
  }

  /** add() in one look-up: true when `id` was new (and is now remembered), false when it was there. */
  claim(id: string): boolean {
    if (this.capacity === 0 || !isUuid(id, this.key)) return true;
    const h = this.hash(this.key, 0);
    const b = this.find(this.key, 0, h);
    if (b >= 0) {
      this.live[this.table[2 * b] - 1] = SEEN;
      return false;
    }
    if (this.displaced.delete(id)) {
      this.insert(h, SEEN, 0);
      return false;
    }
    this.insert(h, SEEN, 0);
    return true;
  }

  /**
   * Claims the UUID at `text[at…at + 36]` (a whole id, or one of a segment's ids sent as one string:
   * no string per id) for owner `no` (>= 0): CLAIM_NEW (now pending for `no`), CLAIM_SEEN, or the
   * owner of its pending claim.
   */
  claimAt(text: string, at: number, no: number): number {
    if (this.capacity === 0 || !parseUuid(text, this.key, at)) return CLAIM_NEW; // never remembered
    const h = this.hash(this.key, 0);
    const b = this.find(this.key, 0, h);
    if (b >= 0) {
      const slot = this.table[2 * b] - 1;
      return this.live[slot] === SEEN ? CLAIM_SEEN : this.owners[slot];
    }
    const displaced = this.displaced.size ? this.displaced.get(text.slice(at, at + UUID_LENGTH)) : undefined;
    if (displaced !== undefined) return displaced;
    this.insert(h, PENDING, no);
    return CLAIM_NEW;
  }

  /**
   * Every pending id of owner `no` is now seen (durable) or forgotten: one pass over the ring
   * instead of a look-up per id, for owners with many ids (a spool segment in the primary).
   */
  settleOwner(no: number, durable: boolean): void {
    const { live, owners, capacity } = this;
    for (let slot = 0; slot < capacity; slot++) {
      if (live[slot] !== PENDING || owners[slot] !== no) continue;
      if (durable) live[slot] = SEEN;
      else this.remove(this.find(this.ids, slot * WORDS, this.hash(this.ids, slot * WORDS)));
    }
    for (const [id, owner] of this.displaced) {
      if (owner !== no) continue;
      this.displaced.delete(id);
      if (durable) this.add(id);
    }
  }

  /** Owner `no`'s write of `id` ended: durable, it is seen; failed, forgotten. Another owner's claim is left alone. */
  settleFor(id: string, no: number, durable: boolean): void {
    if (this.capacity === 0 || !isUuid(id, this.key)) return;
    const h = this.hash(this.key, 0);
    const b = this.find(this.key, 0, h);
    if (b >= 0) {
      const slot = this.table[2 * b] - 1;
      if (this.live[slot] !== PENDING || this.owners[slot] !== no) return;
      if (durable) this.live[slot] = SEEN;
      else this.remove(b);
    } else if (this.displaced.size && this.displaced.get(id) === no) {
      this.displaced.delete(id);
      if (durable) this.insert(h, SEEN, 0);
    }
  }

  delete(id: string): void {
    this.displaced.delete(id);
    if (this.capacity > 0 && isUuid(id, this.key)) {
      const bucket = this.find(this.key, 0, this.hash(this.key, 0));
      if (bucket >= 0) this.remove(bucket);
    }
  }

  /** Puts the id in `key` (hash `h`, not in the table) in the next slot, evicting the oldest entry. */
  private insert(h: number, state: number, no: number): void {
    const slot = this.next;
    const at = slot * WORDS;
    if (this.live[slot]) {
      if (this.live[slot] === PENDING) this.displaced.set(this.idAt(slot), this.owners[slot]); // its write has not settled: keep its claim
      this.remove(this.find(this.ids, at, this.hash(this.ids, at)));
    }
    this.ids.set(this.key, at);
    this.live[slot] = state;
    this.owners[slot] = no;
    this.count++;
    const bucket = ~this.find(this.key, 0, h);
    this.table[2 * bucket] = slot + 1;
    this.table[2 * bucket + 1] = h;
    this.next = slot + 1 === this.capacity ? 0 : slot + 1;
  }

  /** The seen ids, oldest first, as one array. */
  list(): string[] {
    return this.count ? this.text().toString('latin1').split('\n').filter(Boolean) : [];
  }

  /** The seen ids (not the pending: their writes may fail), oldest first, one per line (the window file), written without a string per id. */
  text(): Buffer {
    const out = Buffer.allocUnsafe(this.count * (UUID_LENGTH + 1));
    let at = 0;
    const { capacity } = this;
    for (let i = 0, slot = this.next; i < capacity; i++, slot = slot + 1 === capacity ? 0 : slot + 1) {
      if (this.live[slot] !== SEEN) continue;
      at = this.writeId(slot, out, at);
      out[at++] = NEWLINE;
    }
    return out.subarray(0, Math.max(0, at - 1));
  }

  /** ids remembered, pending ones included */
  get size(): number {
    return this.count;
  }

  /** The id in `slot` as text (lower case), written into `out` at `at`; returns where it ends. */
  private writeId(slot: number, out: Buffer, at: number): number {
    for (let i = 0, digit = 0; i < WORDS; i++) {
      const word = this.ids[slot * WORDS + i];
      for (let shift = 28; shift >= 0; shift -= 4, digit++) {
        if (digit === 8 || digit === 12 || digit === 16 || digit === 20) out[at++] = DASH;
        out[at++] = HEX_DIGITS[(word >>> shift) & 15];
      }
    }
    return at;
  }

  private idAt(slot: number): string {
    const out = Buffer.allocUnsafe(UUID_LENGTH);
    this.writeId(slot, out, 0);
    return out.toString('latin1');
  }

  /** The id's hash, keyed by the seed (all 32 bits: the table keeps it beside each entry). */
  private hash(words: Uint32Array, at: number): number {
    let h = this.seed;
    for (let i = 0; i < WORDS; i++) {
      h = Math.imul(h ^ words[at + i], 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    }
    return h ^ (h >>> 16);
  }

  /**
   * The bucket holding the id at `words[at…]` (hash `h`), or ~(the empty bucket where it would go).
   * The ids themselves are only read when the hashes are equal: fewer cache misses than the 1.6 MB of ids.
   */
  private find(words: Uint32Array, at: number, h: number): number {
    const { table, ids, mask } = this;
    for (let b = h & mask; ; b = (b + 1) & mask) {
      const entry = table[2 * b];
      if (entry === 0) return ~b;
      if (table[2 * b + 1] !== h) continue;
      const s = (entry - 1) * WORDS;
      if (ids[s] === words[at] && ids[s + 1] === words[at + 1] && ids[s + 2] === words[at + 2] && ids[s + 3] === words[at + 3]) return b;
    }
  }

  /** Forgets the id in `bucket`, moving later entries of its run back (no tombstones). */
  private remove(bucket: number): void {
    const { table, mask } = this;
    this.live[table[2 * bucket] - 1] = 0;
    this.count--;
    let hole = bucket;
    for (let b = (hole + 1) & mask; table[2 * b] !== 0; b = (b + 1) & mask) {
      const home = table[2 * b + 1] & mask;
      // an entry may move back to the hole only if its home is not in (hole, b]
      const stays = hole <= b ? hole < home && home <= b : hole < home || home <= b;
      if (stays) continue;
      table[2 * hole] = table[2 * b];
      table[2 * hole + 1] = table[2 * b + 1];
      hole = b;
    }
    table[2 * hole] = 0;
  }
}
