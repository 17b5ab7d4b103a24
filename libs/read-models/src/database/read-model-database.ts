/**
 * Where read models and their checkpoints live: a SQLite file beside the embedded event store, or
 * PostgreSQL (schema `rm`) otherwise, also when the events live in EventStoreDB. SQL is written
 * once, with `?` placeholders and types both dialects share (text, integer, bigint); the
 * PostgreSQL adapter numbers the placeholders.
 */
export type ReadModelDialect = 'sqlite' | 'postgres';

export type SqlValue = string | number | null;

/** What a projection or a query may do with the database. */
export interface ReadModelSql {
  /** Rows of a SELECT (or of a statement with RETURNING). */
  query<T extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly SqlValue[],
  ): Promise<T[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/** One open transaction: everything done through it commits together or not at all. */
export interface ReadModelTransaction extends ReadModelSql {
  /** For the few statements that differ (DDL). */
  readonly dialect: ReadModelDialect;
}

export interface ReadModelDatabase extends ReadModelSql {
  readonly dialect: ReadModelDialect;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
   * Transactions never interleave with each other; queries outside one see committed data only.
   */
  transaction<T>(work: (tx: ReadModelTransaction) => Promise<T>): Promise<T>;
  /**
   * Optional: runs a full rebuild with durability relaxed where that is safe (SQLite:
   * `synchronous=OFF`, then a checkpoint to disk at the end). A crash mid-rebuild restarts it.
   */
  rebuilding?<T>(work: () => Promise<T>): Promise<T>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A checkpoint row: how far a projection has read, and the projection version that wrote it. */
export interface CheckpointRow {
  name: string;
  position: number;
  version: number;
}
