import {
  type BeforeApplicationShutdown,
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EngineConfig } from '@asc/config';
import { EVENT_STORE, type EventStore } from '@asc/event-store';
import { type ReadModelDatabase } from './database/read-model-database';
import { ActionRegisterQuery } from './queries/action-register.query';
import { PlanSummaryQuery } from './queries/plan-summary.query';
import { createReadModelDatabase, ReadModels } from './read-models';

/** Injection token of the read-model database. */
export const READ_MODEL_DATABASE = Symbol('READ_MODEL_DATABASE');

/**
 * The read models for the whole application: the database from EngineConfig (a SQLite file in
 * DATA_DIR beside the embedded store; PostgreSQL at DATABASE_URL for postgres and esdb), the
 * projection runners (started once the application is up, stopped before the event store
 * closes), and the queries. Needs EngineConfigModule and EventStoreModule.
 */
@Global()
@Module({
  providers: [
    {
      provide: READ_MODEL_DATABASE,
      inject: [EngineConfig],
      useFactory: (config: EngineConfig) =>
        createReadModelDatabase({
          eventStore: config.EVENT_STORE,
          dataDir: config.DATA_DIR,
          databaseUrl: config.DATABASE_URL,
        }),
    },
    {
      provide: ReadModels,
      inject: [READ_MODEL_DATABASE, EVENT_STORE],
      useFactory: (db: ReadModelDatabase, store: EventStore) => {
        // Warnings (a retried batch, a checkpoint beyond a restored log) in the engine's JSON log.
        const logger = new Logger('ReadModels');
        return new ReadModels(db, store, {
          logger: { warn: (m: string) => logger.warn(m), error: (m: string) => logger.error(m) },
        });
      },
    },
    {
      provide: ActionRegisterQuery,
      inject: [ReadModels],
      useFactory: (readModels: ReadModels) => readModels.actions,
    },
    {
      provide: PlanSummaryQuery,
      inject: [ReadModels],
      useFactory: (readModels: ReadModels) => readModels.plans,
    },
  ],
  exports: [READ_MODEL_DATABASE, ReadModels, ActionRegisterQuery, PlanSummaryQuery],
})
export class ReadModelsModule
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    private readonly readModels: ReadModels,
    @Inject(READ_MODEL_DATABASE) private readonly db: ReadModelDatabase,
    private readonly config: EngineConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.PROJECTIONS === 'off') await this.readModels.follow();
    else this.readModels.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.readModels.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
