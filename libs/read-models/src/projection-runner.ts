import {
  type CheckpointedConsumer,
  CheckpointedSubscription,
  type EventStore,
  type StoredEvent,
  type SubscriptionOptions,
} from '@asc/event-store';
import { upcastEvent } from '@asc/domain';
import {
  activeVersion,
  createVersionTables,
  dropOlderVersions,
  readCheckpoint,
  switchVersion,
  writeCheckpoint,
} from './checkpoints';
import { type ReadModelDatabase } from './database/read-model-database';
import { type Projection } from './projection';

export interface ProjectionRunnerOptions extends SubscriptionOptions {
  /** When the checkpoint row says it was written (operators' information only). */
  clock?: () => Date;
  /**
   * A new version being built takes over from the serving one once it is at most this many
   * events behind the log's head (and not behind the serving one); default 100.
   */
  switchLagEvents?: number;
}

/** Another runner (another process) moved the checkpoint first: reload it and carry on. */
export class CheckpointMovedError extends Error {
  constructor(name: string, expected: number) {
    super(`checkpoint ${name} is no longer at position ${expected}: another runner moved it`);
    this.name = 'CheckpointMovedError';
  }
}

/** A version older than the active one runs in a process not yet upgraded: it must not write. */
export class ProjectionRetiredError extends Error {
  constructor(name: string, version: number, active: number) {
    super(`projection ${name} version ${version} is retired: version ${active} is active`);
    this.name = 'ProjectionRetiredError';
  }
}

const CATCH_UP_PAGE = 1000;
const SWITCH_LAG_EVENTS = 100;
/** How often a following runner reads the checkpoint another process moves. */
export const FOLLOW_INTERVAL_MS = 25;

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
  private readonly switchLag: number;
  private subscription?: CheckpointedSubscription;
  /** Following (see follow()) until stop(); the timer of the next read of the checkpoint. */
  private following = false;
  private followTimer?: NodeJS.Timeout;
  /** This version's checkpoint. */
  private own = 0;
  /** What queries read: this version's checkpoint once active, the active version's before. */
  private served = 0;
  /** The active version while this one is being built beside it; undefined once this one serves. */
  private building?: number;
  private readonly waiters = new Set<{ position: number; done: (reached: boolean) => void }>();

  constructor(
    private readonly db: ReadModelDatabase,
    private readonly store: EventStore,
    readonly projection: Projection,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.name = projection.name;
    this.clock = options.clock ?? (() => new Date());
    this.switchLag = options.switchLagEvents ?? SWITCH_LAG_EVENTS;
  }

  /**
   * Position up to which queries see the log: this version's checkpoint once it serves; while it
   * is being built beside the active version, that version's checkpoint.
   */
  get position(): number {
    return this.served;
  }

  /** Position of the last event applied to this version's tables (its checkpoint). */
  get ownPosition(): number {
    return this.own;
  }

  /** True once queries read this version; false while it is being built beside the active one. */
  get serving(): boolean {
    return this.building === undefined;
  }

  /** Projecting in the background, or following another process that does. */
  get running(): boolean {
    return (this.subscription?.running ?? false) || this.following;
  }

  /**
   * The stored checkpoint of this version: 0 for a version that never ran, whose tables are then
   * created, and for one beyond the log's head, whose rows are then discarded (ADR 17). A version
   * newer than the active one is built beside it (blue/green, ADR 12): the active one keeps
   * serving until this one has caught up and takes over.
   */
  async loadCheckpoint(): Promise<number> {
    const { name, version } = this.projection;
    // The checkpoint before the head: another process may apply events appended after a head
    // read, and a checkpoint read later could then pass it without the log being any shorter.
    const stored = (await readCheckpoint(this.db, name, version))?.position ?? 0;
    const head = stored > 0 ? await this.store.headPosition() : 0;
    let discarded: number | undefined;
    const loaded = await this.db.transaction(async (tx) => {
      await createVersionTables(tx, this.projection);
      let own = (await readCheckpoint(tx, name, version))?.position;
      if (own !== undefined && own === stored && own > head) {
        // Built from a log that went further than this one: the log was restored from a backup
        // or replaced. Kept, it would skip every event appended from now up to its checkpoint.
        discarded = own;
        await this.projection.reset(tx);
        own = undefined;
      }
      if (own === undefined) {
        own = 0;
        await writeCheckpoint(tx, { name, position: 0, version }, this.now());
      }
      const active = await activeVersion(tx, name);
      if (active !== undefined && active > version) {
        throw new ProjectionRetiredError(name, version, active);
      }
      const activeCheckpoint =
        active === undefined || active === version
          ? undefined
          : await readCheckpoint(tx, name, active);
      // Nothing to serve from a version that never ran: this one takes over at once.
      if (active !== version && !activeCheckpoint) {
        await switchVersion(tx, this.projection, active, this.now());
      }
      return { own, active: activeCheckpoint };
    });
    if (discarded !== undefined) {
      (this.options.logger ?? console).warn(
        `projection ${name} v${version} was at position ${discarded} but the event log ends at ${head} ` +
          '(restored from a backup, or another log): its rows are discarded and it is built again from the log',
      );
    }
    this.own = loaded.own;
    if (loaded.active) {
      this.building = loaded.active.version;
      this.served = loaded.active.position;
      this.release();
      // Resuming a build that had already caught up (a crash before it took over).
      await this.takeOverIfCaughtUp();
    } else {
      this.building = undefined;
      this.advance(loaded.own);
      await this.dropRetired();
    }
    return this.own;
  }

  async handle(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    const from = this.own;
    const last = events[events.length - 1].position;
    const { name, version } = this.projection;
    const building = this.building;
    const served = await this.db.transaction(async (tx) => {
      const moved = await tx.run(
        `UPDATE checkpoints SET position = ?, updated_at = ?
          WHERE name = ? AND position = ? AND version = ?`,
        [last, this.now(), name, from, version],
      );
      if (moved !== 1) throw new CheckpointMovedError(name, from);
      // Projections see current event shapes only (ADR 9).
      const current = events.map(upcastEvent);
      if (this.projection.applyBatch) await this.projection.applyBatch(tx, current);
      else for (const event of current) await this.projection.apply(tx, event);
      // While building, the active version may still be followed by a process not yet upgraded.
      return building === undefined ? last : (await readCheckpoint(tx, name, building))?.position;
    });
    this.own = last;
    if (this.building === undefined) {
      this.advance(last);
      return;
    }
    if (served !== undefined) this.served = Math.max(this.served, served);
    this.release();
    await this.takeOverIfCaughtUp();
  }

  /**
   * A version being built takes over once it is within switchLagEvents of the head and not behind
   * the active one: the views and the pointer move in one transaction, then the old tables go.
   */
  private async takeOverIfCaughtUp(): Promise<void> {
    const from = this.building;
    if (from === undefined || this.own < this.served) return;
    const head = await this.store.headPosition();
    if (head - this.own > this.switchLag) return;
    await this.db.transaction(async (tx) => {
      if (!(await switchVersion(tx, this.projection, from, this.now()))) {
        // Another runner of this version switched first; anything else is not ours to undo.
        const active = await activeVersion(tx, this.projection.name);
        if (active !== this.projection.version) {
          throw new ProjectionRetiredError(this.projection.name, this.projection.version, active!);
        }
      }
      // In the same transaction: no reader ever sees the new views beside the old tables.
      await dropOlderVersions(tx, this.projection, this.projection.version);
    });
    this.building = undefined;
    this.advance(this.own);
  }

  /** Drops the tables of versions older than this one (left by a switch, or by a crash after it). */
  private async dropRetired(): Promise<void> {
    await this.db.transaction((tx) =>
      dropOlderVersions(tx, this.projection, this.projection.version),
    );
  }

  /** Follows the log in the background until stop(). */
  start(): void {
    if (this.subscription?.running) return;
    this.subscription = new CheckpointedSubscription(this.store, this, this.options);
    this.subscription.on('error', () => undefined);
    this.subscription.start();
  }

  /**
   * Serves queries without projecting: another process (a worker) applies the events, and this
   * one reads the checkpoint every `intervalMs`, so that positions and read-your-writes waits
   * move on with it. For API processes beside a worker: otherwise each would apply every batch
   * too, taking turns through the checkpoint, for nothing.
   */
  async follow(intervalMs = FOLLOW_INTERVAL_MS): Promise<void> {
    if (this.running) return;
    this.following = true;
    try {
      // Creates the tables (and takes over a version that never ran) as a projecting start does.
      await this.loadCheckpoint();
    } catch {
      // The database is down, or this version is retired: the reads below say what is served.
    }
    const poll = () => {
      // Stopped meanwhile (even during the first load): no further read.
      if (!this.following) return;
      this.followTimer = setTimeout(() => {
        // A failed read (the database is down) is tried again at the next one.
        this.refresh().then(poll, poll);
      }, intervalMs);
    };
    poll();
  }

  /** Reads where the projecting process has got to: the serving version's checkpoint. */
  private async refresh(): Promise<void> {
    const active = await activeVersion(this.db, this.name);
    const serving = active ?? this.projection.version;
    const checkpoint = await readCheckpoint(this.db, this.name, serving);
    if (serving === this.projection.version) {
      this.building = undefined;
      this.own = checkpoint?.position ?? 0;
    }
    // Not `advance`: after a rebuild elsewhere the position may go back.
    this.served = checkpoint?.position ?? 0;
    this.release();
  }

  async stop(): Promise<void> {
    this.following = false;
    clearTimeout(this.followTimer);
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
      position = this.own;
    }
    return position;
  }

  /** Empties the projection and its checkpoint; a running runner starts again from the log's start. */
  async reset(): Promise<void> {
    const wasRunning = this.subscription?.running ?? false;
    if (wasRunning) await this.subscription?.stop();
    await this.db.transaction(async (tx) => {
      await createVersionTables(tx, this.projection);
      await this.projection.reset(tx);
      await writeCheckpoint(
        tx,
        { name: this.name, position: 0, version: this.projection.version },
        this.now(),
      );
    });
    this.own = 0;
    if (this.building === undefined) this.served = 0;
    if (wasRunning) this.start();
  }

  /** True once the read model holds `position` (at once if it already does), false after the timeout. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.served >= position) return Promise.resolve(true);
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
    this.served = position;
    this.release();
  }

  private release(): void {
    for (const waiter of [...this.waiters]) {
      if (this.served >= waiter.position) waiter.done(true);
    }
  }

  private now(): string {
    return this.clock().toISOString();
  }
}
