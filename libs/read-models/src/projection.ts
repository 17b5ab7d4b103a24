import { type StoredEvent } from '@asc/event-store';
import { type ReadModelTransaction } from './database/read-model-database';

/**
 * A projection folds committed events into its tables. `apply` is called once per event, in
 * global order, inside the transaction that also moves the projection's checkpoint; it must not
 * read the clock or anything outside the transaction, so that a rebuild gives the same rows.
 */
export interface Projection {
  /** Name of its checkpoint. */
  readonly name: string;
  /** Bump when the rows it writes change meaning: the projection is then rebuilt from the log. */
  readonly version: number;
  apply(tx: ReadModelTransaction, event: StoredEvent): Promise<void>;
  /**
   * Optional: the same as `apply` for each event in turn, done with fewer round trips (read the
   * touched rows once, write each once). The runner prefers it when present.
   */
  applyBatch?(tx: ReadModelTransaction, events: readonly StoredEvent[]): Promise<void>;
  /** Deletes every row the projection wrote (before a rebuild). */
  reset(tx: ReadModelTransaction): Promise<void>;
}
