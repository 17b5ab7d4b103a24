/**
 * @asc/read-models — projections fed by the checkpointed subscription, each batch and its
 * checkpoint in one transaction; kept in SQLite (embedded default) or PostgreSQL; and the queries
 * over them. See docs/adr/0007-read-models.md.
 */
export {
  type CheckpointRow,
  type ReadModelDatabase,
  type ReadModelDialect,
  type ReadModelSql,
  type ReadModelTransaction,
  type SqlValue,
} from './database/read-model-database';
export {
  SqliteReadModelDatabase,
  type SqliteReadModelDatabaseOptions,
} from './database/sqlite-read-model-database';
export {
  PostgresReadModelDatabase,
  type PostgresReadModelDatabaseOptions,
} from './database/postgres-read-model-database';
export { ReadModelUnavailableError } from './database/read-model.errors';
export { READ_MODEL_MIGRATIONS, type ReadModelMigration } from './database/read-model.migrations';
export { type Projection, type ProjectionTable, versionedTable } from './projection';
export {
  CheckpointMovedError,
  ProjectionRetiredError,
  ProjectionRunner,
  type ProjectionRunnerOptions,
} from './projection-runner';
export {
  ActionRegisterProjection,
  type ActionRegisterRow,
} from './projections/action-register.projection';
export { PlanSummaryProjection, type PlanSummaryRow } from './projections/plan-summary.projection';
export {
  ACTION_SNAPSHOTS_TABLE,
  ActionSnapshotProjection,
  SNAPSHOT_EVERY,
  SNAPSHOT_REST,
  type ActionSnapshotRow,
  type SnapshotRest,
} from './projections/action-snapshot.projection';
export {
  ActionRegisterQuery,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type ActionRegisterFilter,
  type ActionRegisterItem,
  type ActionRegisterPage,
  type BoardEscalations,
  type PageRequest,
} from './queries/action-register.query';
export { PlanSummaryQuery, type PlanSummary } from './queries/plan-summary.query';
export { AsOfQuery, type ActionAsOf } from './queries/as-of.query';
export {
  parseRegisterStatus,
  REGISTER_STATUSES,
  type RegisterStatus,
} from './queries/register-status';
export {
  createReadModelDatabase,
  defaultProjections,
  PROJECTIONS,
  ReadModels,
  type ReadModelSettings,
  SQLITE_READ_MODELS_FILE,
} from './read-models';
export { READ_MODEL_DATABASE, ReadModelsModule } from './read-models.module';
