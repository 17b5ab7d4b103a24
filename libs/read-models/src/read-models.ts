import { join } from 'node:path';
import { type EventStore, type EventStoreKind } from '@asc/event-store';
import { PostgresReadModelDatabase } from './database/postgres-read-model-database';
import { type ReadModelDatabase } from './database/read-model-database';
import { SqliteReadModelDatabase } from './database/sqlite-read-model-database';
import { type Projection } from './projection';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
import { catchUpTogether } from './catch-up-together';
import { ActionRegisterProjection } from './projections/action-register.projection';
import { PlanSummaryProjection } from './projections/plan-summary.projection';
import { ActionRegisterQuery } from './queries/action-register.query';
import { PlanSummaryQuery } from './queries/plan-summary.query';
import { ActionSnapshotProjection, SNAPSHOT_EVERY } from './projections/action-snapshot.projection';
import { ActionFoldMemo } from './projections/action-fold-memo';
import { AsOfQuery } from './queries/as-of.query';

export const SQLITE_READ_MODELS_FILE = 'read-models.sqlite';

export interface ReadModelSettings {
  /** The event store in use: SQLite keeps read models in a file beside it, the others in PostgreSQL. */
  eventStore: EventStoreKind;
  dataDir: string;
  databaseUrl?: string;
  /** PostgreSQL schema; default `rm`. */
  schema?: string;
}

/** Opens the read-model database the settings call for and brings its schema up to date. */
export async function createReadModelDatabase(
  settings: ReadModelSettings,
): Promise<ReadModelDatabase> {
  if (settings.eventStore === 'sqlite') {
    return SqliteReadModelDatabase.open({
      filename: join(settings.dataDir, SQLITE_READ_MODELS_FILE),
    });
  }
  if (!settings.databaseUrl) {
    throw new Error(
      `DATABASE_URL is required for read models when EVENT_STORE is ${settings.eventStore}`,
    );
  }
  return PostgresReadModelDatabase.connect({
    connectionString: settings.databaseUrl,
    schema: settings.schema,
  });
}

/** Names of the engine's projections. */
export const PROJECTIONS = {
  actionRegister: 'action-register',
  planSummary: 'plan-summary',
  actionSnapshots: 'action-snapshots',
} as const;

export function defaultProjections(): Projection[] {
  // The register folds each event first and the snapshots reuse its states (ADR 12).
  const memo = new ActionFoldMemo();
  return [
    new ActionRegisterProjection(memo),
    new PlanSummaryProjection(),
    new ActionSnapshotProjection(SNAPSHOT_EVERY, memo),
  ];
}

/**
 * The engine's read models: one runner per projection (each with its own checkpoint, so one can
 * be rebuilt alone), and the queries over them.
 */
export class ReadModels {
  readonly runners: readonly ProjectionRunner[];
  readonly actions: ActionRegisterQuery;
  readonly plans: PlanSummaryQuery;
  /** Actions and plans' actions as of any past moment, from snapshots and the log. */
  readonly asOf: AsOfQuery;

  constructor(
    readonly db: ReadModelDatabase,
    private readonly store: EventStore,
    options: ProjectionRunnerOptions & { projections?: Projection[] } = {},
  ) {
    const { projections = defaultProjections(), ...runnerOptions } = options;
    this.runners = projections.map((p) => new ProjectionRunner(db, store, p, runnerOptions));
    this.actions = new ActionRegisterQuery(db);
    this.plans = new PlanSummaryQuery(db);
    this.asOf = new AsOfQuery(db, store);
  }

  runner(name: string): ProjectionRunner {
    const runner = this.runners.find((r) => r.name === name);
    if (!runner) throw new Error(`no projection named ${name}`);
    return runner;
  }

  start(): void {
    for (const runner of this.runners) runner.start();
  }

  /** Serves the read models another process keeps, without projecting (ProjectionRunner.follow). */
  async follow(intervalMs?: number): Promise<void> {
    await Promise.all(this.runners.map((r) => r.follow(intervalMs)));
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  /**
   * Brings every projection up to the log's current head (not while started), reading the log
   * once for all of them: each page goes to every runner, each in its own transaction with its
   * own checkpoint.
   */
  async catchUp(): Promise<void> {
    await catchUpTogether(this.store, this.runners, undefined, this.overlapPages);
  }

  /** Empties every projection and replays the whole log into it, reading the log once. */
  async rebuild(): Promise<void> {
    const stopped = this.runners.filter((r) => !r.running);
    const work = async () => {
      for (const runner of this.runners) await runner.reset();
      await catchUpTogether(this.store, stopped, undefined, this.overlapPages);
    };
    // Only when nothing else writes meanwhile (the CLI stops the engine first).
    await (stopped.length === this.runners.length && this.db.rebuilding
      ? this.db.rebuilding(work)
      : work());
  }

  /**
   * Whether a catch-up reads the next page while applying the current ones: worth it when the
   * log and the read models are in another process (PostgreSQL); SQLite reads and writes on this
   * thread (its read models go with the SQLite event store).
   */
  private get overlapPages(): boolean {
    return this.db.dialect !== 'sqlite';
  }

  /** Lowest position every named projection (default: all) has reached. */
  position(names?: readonly string[]): number {
    return Math.min(...this.selected(names).map((r) => r.position));
  }

  /**
   * Read your own writes: true once the named projections (default: all) hold `position`, false
   * if they have not after `timeoutMs`.
   */
  async waitForPosition(
    position: number,
    timeoutMs: number,
    names?: readonly string[],
  ): Promise<boolean> {
    const reached = await Promise.all(
      this.selected(names).map((r) => r.waitFor(position, timeoutMs)),
    );
    return reached.every(Boolean);
  }

  private selected(names?: readonly string[]): readonly ProjectionRunner[] {
    return names ? names.map((n) => this.runner(n)) : this.runners;
  }
}
