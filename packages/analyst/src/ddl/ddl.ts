/** `actionlake ddl --engine athena|spark` (filled in by the compact step's commits). */
import type { Context } from '../context';

export async function ddl(_ctx: Context, _engine: 'athena' | 'spark'): Promise<string> {
  return '-- no tables yet';
}
