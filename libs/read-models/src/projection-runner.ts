import {
  type CheckpointedConsumer,
  CheckpointedSubscription,
  type EventStore,
  type StoredEvent,
  type SubscriptionOptions,
} from '@asc/event-store';
import { readCheckpoint, writeCheckpoint } from './checkpoints';
import { type ReadModelDatabase } from './database/read-model-database';
import { type Projection } from './projection';

export interface ProjectionRunnerOptions extends SubscriptionOptions {
  /** When the checkpoint row says it was written (operators' information only). */
  clock?: () => Date;
}

/** Another runner (another process) moved the checkpoint first: reload it and carry on. */
export class CheckpointMovedError extends Error {
  constructor(name: string, expected: number) {
    super(`checkpoint ${name} is no longer at position ${expected}: another runner moved it`);
    this.name = 'CheckpointMovedError';
  }
}

const CATCH_UP_PAGE = 1000;

/**
 * Feeds one projection from the log. Each batch is applied and the checkpoint moved in one
 * transaction of the read-model database: a crash or a failing event leaves both or neither, so
 * at-least-once delivery gives exactly-once rows. The transaction starts by moving the checkpoint
 * from the position this runner last saw, which also makes two runners of the same projection
 * (two processes) take turns instead of applying a batch twice.
 */
export class ProjectionRunner implements CheckpointedConsumer {
  readonly name: string;
  private readonly clock: () => Date;
  private subscription?: CheckpointedSubscription;
  private current = 0;
  private readonly waiters = new Set<{ position: number; done: (reached: boolean) => void }>();

  constructor(
    private readonly db: ReadModelDatabase,
    private readonly store: EventStore,
    readonly projection: Projection,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.name = projection.name;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Position of the last event this runner has seen committed to the read model. */
  get position(): number {
    return this.current;
  }

  get running(): boolean {
    return this.subscription?.running ?? false;
  }

  /**
   * The stored checkpoint. A projection whose version changed (or that never ran) is emptied and
   * starts again from the beginning of the log.
   */
  async loadCheckpoint(): Promise<number> {
    const position = await this.db.transaction(async (tx) => {
      const row = await readCheckpoint(tx, this.name);
      if (row && row.version === this.projection.version) return row.position;
      await this.projection.reset(tx);
      await writeCheckpoint(
        tx,
        { name: this.name, position: 0, version: this.projection.version },
        this.now(),
      );
      return 0;
    });
    this.advance(position);
    return position;
  }

  async handle(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    const from = this.current;
    const last = events[events.length - 1].position;
    await this.db.transaction(async (tx) => {
      const moved = await tx.run(
        `UPDATE checkpoints SET position = ?, updated_at = ?
          WHERE name = ? AND position = ? AND version = ?`,
        [last, this.now(), this.name, from, this.projection.version],
      );
      if (moved !== 1) throw new CheckpointMovedError(this.name, from);
      if (this.projection.applyBatch) await this.projection.applyBatch(tx, events);
      else for (const event of events) await this.projection.apply(tx, event);
    });
    this.advance(last);
  }

  /** Follows the log in the background until stop(). */
  start(): void {
    if (this.subscription?.running) return;
    this.subscription = new CheckpointedSubscription(this.store, this, this.options);
    this.subscription.on('error', () => undefined);
    this.subscription.start();
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    for (const waiter of this.waiters) waiter.done(false);
    this.waiters.clear();
  }

  /**
   * Applies everything up to the log's head as it was when called, then returns the position
   * reached; for rebuilds, the CLI and tests (not while started).
   */
  async catchUp(batchSize = CATCH_UP_PAGE): Promise<number> {
    const head = await this.store.headPosition();
    let position = await this.loadCheckpoint();
    while (position < head) {
      const page = (await this.store.readAll({ after: position, limit: batchSize })).filter(
        (e) => e.position > position,
      );
      if (page.length === 0) {
        await this.store.waitForAppend(position, 50);
        continue;
      }
      await this.handle(page);
      position = this.current;
    }
    return position;
  }

  /** Empties the projection and its checkpoint; a running runner starts again from the log's start. */
  async reset(): Promise<void> {
    const wasRunning = this.running;
    if (wasRunning) await this.subscription?.stop();
    await this.db.transaction(async (tx) => {
      await this.projection.reset(tx);
      await writeCheckpoint(
        tx,
        { name: this.name, position: 0, version: this.projection.version },
        this.now(),
      );
    });
    this.current = 0;
    if (wasRunning) this.start();
  }

  /** True once the read model holds `position` (at once if it already does), false after the timeout. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.current >= position) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = {
        position,
        done: (reached: boolean) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => waiter.done(false), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private advance(position: number): void {
    this.current = position;
    for (const waiter of [...this.waiters]) {
      if (position >= waiter.position) waiter.done(true);
    }
  }

  private now(): string {
    return this.clock().toISOString();
  }
}
