import { join } from 'node:path';
import { type EventStore, type EventStoreKind } from '@asc/event-store';
import { PostgresReadModelDatabase } from './database/postgres-read-model-database';
import { type ReadModelDatabase } from './database/read-model-database';
import { SqliteReadModelDatabase } from './database/sqlite-read-model-database';
import { type Projection } from './projection';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
import { ActionRegisterProjection } from './projections/action-register.projection';
import { PlanSummaryProjection } from './projections/plan-summary.projection';
import { ActionRegisterQuery } from './queries/action-register.query';
import { PlanSummaryQuery } from './queries/plan-summary.query';

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
} as const;

export function defaultProjections(): Projection[] {
  return [new ActionRegisterProjection(), new PlanSummaryProjection()];
}

/**
 * The engine's read models: one runner per projection (each with its own checkpoint, so one can
 * be rebuilt alone), and the queries over them.
 */
export class ReadModels {
  readonly runners: readonly ProjectionRunner[];
  readonly actions: ActionRegisterQuery;
  readonly plans: PlanSummaryQuery;

  constructor(
    readonly db: ReadModelDatabase,
    store: EventStore,
    options: ProjectionRunnerOptions & { projections?: Projection[] } = {},
  ) {
    const { projections = defaultProjections(), ...runnerOptions } = options;
    this.runners = projections.map((p) => new ProjectionRunner(db, store, p, runnerOptions));
    this.actions = new ActionRegisterQuery(db);
    this.plans = new PlanSummaryQuery(db);
  }

  runner(name: string): ProjectionRunner {
    const runner = this.runners.find((r) => r.name === name);
    if (!runner) throw new Error(`no projection named ${name}`);
    return runner;
  }

  start(): void {
    for (const runner of this.runners) runner.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  /** Brings every projection up to the log's current head (not while started). */
  async catchUp(): Promise<void> {
    for (const runner of this.runners) await runner.catchUp();
  }

  /** Empties every projection and replays the whole log into it. */
  async rebuild(): Promise<void> {
    for (const runner of this.runners) {
      await runner.reset();
      if (!runner.running) await runner.catchUp();
    }
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
