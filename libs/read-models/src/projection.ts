import { type StoredEvent } from '@asc/event-store';
import { type ReadModelDialect, type ReadModelTransaction } from './database/read-model-database';

/**
 * A table a projection writes. Each projection version has its own copy, `<name>_v<version>`;
 * queries read `<name>`, a view of the active version's copy (ADR 12).
 */
export interface ProjectionTable {
  /** The name queries use (the view). */
  readonly name: string;
  /** CREATE TABLE / CREATE INDEX statements (IF NOT EXISTS) for the copy called `physical`. */
  ddl(physical: string, dialect: ReadModelDialect): string[];
}

/** The physical table of one projection version. */
export function versionedTable(name: string, version: number): string {
  return `${name}_v${version}`;
}

/**
 * A projection folds committed events into its tables. `apply` is called once per event, in
 * global order, inside the transaction that also moves the projection's checkpoint; it must not
 * read the clock or anything outside the transaction, so that a rebuild gives the same rows.
 * It writes to the tables of its own version (`versionedTable(table, version)`), never to the views.
 */
export interface Projection {
  /** Name of its checkpoint. */
  readonly name: string;
  /**
   * Bump when the rows it writes change meaning: the new version is then built from the log into
   * tables of its own while the old one keeps serving, and takes over once caught up (ADR 12).
   */
  readonly version: number;
  /** The tables it writes (created per version by the runner). */
  readonly tables: readonly ProjectionTable[];
  apply(tx: ReadModelTransaction, event: StoredEvent): Promise<void>;
  /**
   * Optional: the same as `apply` for each event in turn, done with fewer round trips (read the
   * touched rows once, write each once). The runner prefers it when present.
   */
  applyBatch?(tx: ReadModelTransaction, events: readonly StoredEvent[]): Promise<void>;
  /** Deletes every row the projection wrote (before a rebuild). */
  reset(tx: ReadModelTransaction): Promise<void>;
}
