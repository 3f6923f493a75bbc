import { ENVELOPE_BYTES, MAX_BATCH_BYTES, byteLength, splitBatches } from '../src/core/batch';

const items = (n: number, bytes = 100) => Array.from({ length: n }, (_, i) => ({ i, bytes }));

/** Size of the real request body: envelope + events + commas. */
const bodySize = (b: { bytes: number }[]) => ENVELOPE_BYTES + b.reduce((s, x) => s + x.bytes, 0) + b.length - 1;

describe('splitBatches', () => {
  it('sends exactly 50 events in one batch', () => {
    expect(splitBatches(items(50)).map((b) => b.length)).toEqual([50]);
  });

  it('splits 51 events into 50 + 1, keeping order', () => {
    const batches = splitBatches(items(51));
    expect(batches.map((b) => b.length)).toEqual([50, 1]);
    expect(batches[1][0].i).toBe(50);
  });

  it('fills a batch up to exactly 64 KB of body and no further', () => {
    // 4 events whose body is exactly 64 KB
    const each = (MAX_BATCH_BYTES - ENVELOPE_BYTES - 3) / 4;
    const exact = items(4, each);
    expect(bodySize(exact)).toBe(MAX_BATCH_BYTES);
    expect(splitBatches(exact)).toHaveLength(1);
    const over = [...items(3, each), { i: 3, bytes: each + 1 }];
    expect(splitBatches(over).map((b) => b.length)).toEqual([3, 1]);
  });

  it('no batch body exceeds 64 KB', () => {
    const mixed = Array.from({ length: 300 }, (_, i) => ({ i, bytes: 200 + ((i * 7919) % 5000) }));
    const batches = splitBatches(mixed);
    for (const b of batches) expect(bodySize(b)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(batches.flat().map((x) => x.i)).toEqual(mixed.map((x) => x.i));
  });

  it('puts one oversize event alone in its own batch', () => {
    const list = [{ i: 0, bytes: 10 }, { i: 1, bytes: 100_000 }, { i: 2, bytes: 10 }];
    expect(splitBatches(list).map((b) => b.map((x) => x.i))).toEqual([[0], [1], [2]]);
  });

  it('gives no batch for no events', () => {
    expect(splitBatches([])).toEqual([]);
  });
});

describe('byteLength', () => {
  it('counts UTF-8 bytes', () => {
    expect(byteLength('abc')).toBe(3);
    expect(byteLength('₹78,990')).toBe(Buffer.byteLength('₹78,990'));
    expect(byteLength('é😀')).toBe(Buffer.byteLength('é😀'));
  });
});
