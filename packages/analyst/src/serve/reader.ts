/**
 * The dashboard's DuckDB: read-only by its settings, bounded in time and rows. `actionlake serve`
 * answers every /api request through it, and a segment predicate is SQL a person typed, so the
 * engine itself is locked before any query runs (contract §11; shared/reference/dashboard.md §6):
 *
 * 1. `allowed_directories` = the lake's tables folder (or its local copy), set BEFORE
 *    `enable_external_access = false` (DuckDB refuses to change it afterwards), so a query reads the
 *    Parquet tables and nothing else: no /etc/passwd, no raw events, no http(s) URL, no ATTACH of
 *    another file; extensions are neither installed nor auto-loaded;
 * 2. `lock_configuration = true`: no query can turn any of that back on, nor lift the memory limit;
 * 3. DuckDB still lets `COPY … TO` and `ATTACH` write INSIDE an allowed folder, so a statement is run
 *    only when it is exactly one SELECT (./predicate.ts checks a segment's text before);
 * 4. a timer calls `interrupt()` after `timeoutMs` (DuckDB has no statement timeout), and at most
 *    `maxRows` rows are read from any result, whatever its SQL says.
 *
 * Queries take their values as bound parameters (`$site`, `$from`), never spliced into the text.
 * A few connections share one instance, so the views made over the tables are every connection's,
 * and requests run side by side up to the number of connections.
 */
import { DuckDBInstance, JsonDuckDBValueConverter, StatementType, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBValue } from '@duckdb/node-api';
import { asNumber, jsonTable, lit } from '../ground/duck/duck';

export interface ReaderOptions {
  /** the one folder queries may read: the lake's tables/ (or their local copy), ending in '/' */
  tablesDir: string;
  /** DuckDB's spill folder (inside the run's work folder) */
  tempDir: string;
  memoryLimit: string;
  threads: number;
  /** queries at once */
  connections: number;
  /** a query still running after this long is interrupted */
  timeoutMs: number;
  /** the most rows any answer may have */
  maxRows: number;
}

export type Values = Record<string, DuckDBValue>;

/** Why a query gave no answer: `timeout`, `rows` (over maxRows), `refused` (not one SELECT), `sql` (DuckDB's error). */
export class QueryError extends Error {
  constructor(message: string, readonly kind: 'timeout' | 'rows' | 'refused' | 'sql') {
    super(message);
    this.name = 'QueryError';
  }
}

export class Reader {
  private readonly idle: DuckDBConnection[];
  private readonly waiting: ((c: DuckDBConnection) => void)[] = [];
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    connections: DuckDBConnection[],
    readonly o: ReaderOptions,
  ) {
    this.idle = connections;
  }

  static async open(o: ReaderOptions): Promise<Reader> {
    const instance = await DuckDBInstance.create(':memory:', {
      memory_limit: o.memoryLimit,
      threads: String(o.threads),
      temp_directory: o.tempDir,
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
    });
    const first = await instance.connect();
    // the order matters (reference §6): the allowed folder first, then external access off, then the lock
    await first.run(`SET GLOBAL TimeZone = 'UTC'`);
    // the Parquet files' footers read once, not on every query (a view reads the same files again and again)
    await first.run('SET GLOBAL parquet_metadata_cache = true');
    await first.run(`SET allowed_directories = [${lit(o.tablesDir)}]`);
    await first.run('SET enable_external_access = false');
    await first.run('SET lock_configuration = true');
    const connections = [first];
    while (connections.length < o.connections) connections.push(await instance.connect());
    return new Reader(instance, connections, o);
  }

  /** Runs DDL of the server's own (the views over the tables); never a request's text. */
  async define(statements: string[]): Promise<void> {
    await this.with(async (c) => {
      for (const sql of statements) await c.run(sql);
    });
  }

  /** The rows of one SELECT, as plain JSON-able objects (numbers where they fit a double). */
  async rows<T = Record<string, unknown>>(sql: string, values: Values = {}, maxRows = this.o.maxRows): Promise<T[]> {
    return this.with(async (c) =>
      this.timed(c, this.o.timeoutMs, async () => {
        const reader = await (await this.select(c, sql, values)).streamAndReadUntil(maxRows + 1);
        if (reader.currentRowCount > maxRows) throw new QueryError(`the answer has more than ${maxRows} rows (ACTIONLAKE_SERVE_MAX_ROWS)`, 'rows');
        return jsonTable(reader).rows as T[];
      }),
    );
  }

  /**
   * Streams the rows of one SELECT, a chunk (arrays of JSON values, in column order) at a time, to
   * `write`; at most `maxRows` rows, within `timeoutMs`. Returns the column names and the row count.
   */
  async stream(
    sql: string,
    values: Values,
    write: (rows: unknown[][], columns: string[]) => Promise<void> | void,
    limits: { maxRows: number; timeoutMs: number },
  ): Promise<{ columns: string[]; rows: number }> {
    return this.with(async (c) =>
      this.timed(c, limits.timeoutMs, async () => {
        const result = await (await this.select(c, sql, values)).stream();
        const columns = result.columnNames();
        const types = result.columnTypes().map(String);
        const numeric = types.map((t) => /^(BIGINT|UBIGINT|HUGEINT|UHUGEINT|DECIMAL)/.test(t));
        let n = 0;
        for await (const chunk of result.yieldConvertedRows(JsonDuckDBValueConverter)) {
          n += chunk.length;
          if (n > limits.maxRows) throw new QueryError(`more than ${limits.maxRows} rows (ACTIONLAKE_SERVE_DOWNLOAD_ROWS)`, 'rows');
          const rows = numeric.some(Boolean) ? chunk.map((r) => r.map((v, i) => (numeric[i] ? asNumber(v) : v))) : chunk;
          await write(rows, columns);
        }
        return { columns, rows: n };
      }),
    );
  }

  /**
   * The statement prepared, with the values it names bound: exactly one statement, and a SELECT
   * (DuckDB's own parser says so), else a `refused` QueryError.
   */
  private async select(c: DuckDBConnection, sql: string, values: Values): Promise<DuckDBPreparedStatement> {
    const extracted = await c.extractStatements(sql);
    if (extracted.count !== 1) throw new QueryError(`one statement only, got ${extracted.count}`, 'refused');
    const prepared = await extracted.prepare(0);
    const type = prepared.statementType;
    if (type !== StatementType.SELECT) throw new QueryError(`only a SELECT may run, got ${StatementType[type] ?? type}`, 'refused');
    const named: Values = {};
    for (let i = 1; i <= prepared.parameterCount; i++) {
      const name = prepared.parameterName(i);
      if (!(name in values)) throw new Error(`no value for $${name}`);
      named[name] = values[name];
    }
    if (prepared.parameterCount) prepared.bind(named);
    return prepared;
  }

  private async timed<T>(c: DuckDBConnection, timeoutMs: number, work: () => Promise<T>): Promise<T> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      c.interrupt();
    }, timeoutMs);
    try {
      return await work();
    } catch (err) {
      if (err instanceof QueryError) throw err;
      if (timedOut) throw new QueryError(`the query was stopped after ${timeoutMs} ms (ACTIONLAKE_SERVE_QUERY_MS)`, 'timeout');
      throw new QueryError(firstLine(err), 'sql');
    } finally {
      clearTimeout(timer);
    }
  }

  /** A connection for `work`, waiting for one when all are busy. */
  private async with<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('the reader is closed');
    const c = this.idle.pop() ?? (await new Promise<DuckDBConnection>((resolve) => this.waiting.push(resolve)));
    try {
      return await work(c);
    } finally {
      const next = this.waiting.shift();
      if (next) next(c);
      else this.idle.push(c);
    }
  }

  /** the limits in force, for /api/meta */
  limits(): Record<string, number> {
    return { query_ms: this.o.timeoutMs, max_rows: this.o.maxRows };
  }

  close(): void {
    this.closed = true;
    for (const c of this.idle) c.closeSync();
    this.instance.closeSync();
  }
}

const firstLine = (err: unknown): string => String((err as Error)?.message ?? err).split('\n')[0];
