/**
 * What every command gets: the lake, an open DuckDB, the SQL project, the sites to work on, the
 * date range and a work folder (temp, removed at the end). The features (compact, models, report,
 * privacy, ddl) take the same context.
 */
import type { Duck } from './duck/duck';
import type { Lake } from './lake/lake';
import type { Progress } from './progress';
import type { SqlProject } from './sql/project';

export interface Context {
  lake: Lake;
  duck: Duck;
  /** the rules and models as SQL (packages/analyst/sql, or ACTIONLAKE_SQL_DIR) */
  sql: SqlProject;
  /** the sites to work on: --site, or every site with raw events or tables */
  sites: string[];
  /** YYYY-MM-DD bounds from --from / --to (inclusive), if given */
  from?: string;
  to?: string;
  /** a temp folder of this run (downloads from S3, Parquet before upload, DuckDB spill) */
  work: string;
  progress: Progress;
  /** the parsed command line: positionals after the command, and every flag */
  args: string[];
  flags: Record<string, string | boolean | undefined>;
  /** the environment (ACTIONLAKE_* limits) */
  env: Record<string, string | undefined>;
  /** writes one line (or more) of the command's output to stdout */
  print(text: string): void;
}
