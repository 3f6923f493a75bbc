/**
 * Embedded DuckDB, bounded: memory_limit (ACTIONLAKE_MEMORY_LIMIT, default 512MB) with spilling to a
 * temp_directory inside the run's work folder, and ACTIONLAKE_THREADS worker threads (default: the
 * cores). One instance and one connection per command.
 */
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBResultReader } from '@duckdb/node-api';

export interface DuckOptions {
  /** where DuckDB spills when a query needs more than memoryLimit */
  tempDir: string;
  memoryLimit?: string;
  threads?: number;
}

export const DEFAULT_MEMORY_LIMIT = '512MB';

export class Duck {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    /** false for a connection from `connect`: closing it leaves the instance open */
    private readonly owner = true,
  ) {}

  static async open(o: DuckOptions, env: Record<string, string | undefined> = process.env): Promise<Duck> {
    const memoryLimit = o.memoryLimit ?? env.ACTIONLAKE_MEMORY_LIMIT ?? DEFAULT_MEMORY_LIMIT;
    const threads = o.threads ?? (Number(env.ACTIONLAKE_THREADS) || os.availableParallelism());
    const instance = await DuckDBInstance.create(':memory:', {
      memory_limit: memoryLimit,
      temp_directory: path.join(o.tempDir, 'duckdb-spill'),
      threads: String(threads),
    });
    const conn = await instance.connect();
    return new Duck(instance, conn);
  }

  /**
   * Another connection to the same database (same tables, settings, memory limit): statements on
   * two connections run at the same time. Close it before the one it came from.
   */
  async connect(): Promise<Duck> {
    return new Duck(this.instance, await this.instance.connect(), false);
  }

  /** Runs statements; nothing returned. */
  async run(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  /** Rows as plain JSON-able objects (timestamps as strings, big integers as numbers when safe). */
  async all<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    return (await this.table(sql)).rows as T[];
  }

  /** The rows (as `all` gives them) and the name and DuckDB type of each column. */
  async table(sql: string): Promise<{ columns: { name: string; type: string }[]; rows: Record<string, unknown>[] }> {
    return jsonTable(await this.conn.runAndReadAll(sql));
  }

  /** Column names and DuckDB types of a query's result, without running it to the end. */
  async describe(sql: string): Promise<{ name: string; type: string }[]> {
    const rows = await this.all<{ column_name: string; column_type: string }>(`DESCRIBE ${sql}`);
    return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
  }

  close(): void {
    this.conn.closeSync();
    if (this.owner) this.instance.closeSync();
  }
}

/** A result's rows as `Duck.table` gives them (plain JSON-able objects, numbers where they fit). */
export function jsonTable(reader: DuckDBResultReader): { columns: { name: string; type: string }[]; rows: Record<string, unknown>[] } {
  const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
  const types = reader.columnTypes();
  const columns = reader.columnNames().map((name, i) => ({ name, type: String(types[i]) }));
  const numeric = columns.filter((c) => NUMERIC_AS_TEXT.test(c.type)).map((c) => c.name);
  if (numeric.length) for (const row of rows) for (const n of numeric) row[n] = asNumber(row[n]);
  return { columns, rows };
}

/** types the JSON conversion gives as text (they may not fit a double); numbers when they do */
const NUMERIC_AS_TEXT = /^(BIGINT|UBIGINT|HUGEINT|UHUGEINT|DECIMAL)/;

export function asNumber(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const n = Number(v);
  return Number.isFinite(n) && (Number.isSafeInteger(n) || !/^-?\d+$/.test(v)) ? n : v;
}

/** A SQL string literal. */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A SQL identifier. */
export function ident(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
