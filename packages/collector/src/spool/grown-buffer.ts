/** Growing a byte buffer that is being filled (the spool's line buffer and reader, a lake object's staging). */

/**
 * A new buffer of at least `needed` bytes (at least twice `buf`'s size, and `min`), holding the first
 * `used` bytes of `buf`.
 */
export function grown(buf: Buffer | null, used: number, needed: number, min = 0): Buffer {
  const next = Buffer.allocUnsafe(Math.max(needed, (buf?.length ?? 0) * 2, min));
  buf?.copy(next, 0, 0, used);
  return next;
}
