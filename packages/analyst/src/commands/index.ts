/**
 * Every `actionlake` command, in the order --help lists them. A new command is one module in this
 * folder (a `Command`, see ./command.ts) and one line here.
 */
import { attribution } from './attribution';
import { audience } from './audience';
import { build } from './build';
import type { Command } from './command';
import { compact } from './compact';
import { conversions } from './conversions';
import { ddl } from './ddl';
import { erase } from './erase';
import { exportCommand } from './export';
import { importCommand } from './import';
import { models } from './models';
import { profile } from './profile';
import { query } from './query';
import { retention } from './retention';
import { segment } from './segment';
import { serve } from './serve';

export const COMMANDS: readonly Command[] = [
  build,
  compact,
  models,
  profile,
  attribution,
  segment,
  audience,
  conversions,
  query,
  serve,
  ddl,
  erase,
  exportCommand,
  importCommand,
  retention,
];
