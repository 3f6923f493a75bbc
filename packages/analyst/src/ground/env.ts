/** A number from the environment (an ACTIONLAKE_* limit): the default when unset, else at least `min`. */
import { UserError } from './errors';

export function envNumber(env: Record<string, string | undefined>, name: string, def: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new UserError(`${name} must be a number >= ${min}, got "${raw}"`);
  return Math.floor(n);
}
