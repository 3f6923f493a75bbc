/** `actionlake compact` (being written). */
import type { Context } from '../context';

export interface CompactResult {
  exitCode: number;
}

export async function compact(ctx: Context): Promise<CompactResult> {
  ctx.print('compact: nothing yet');
  return { exitCode: 0 };
}
