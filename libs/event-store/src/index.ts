export * from './event-store.port';
export * from './event-store.errors';
export { canonicalEventJson, chainHash, eventHash, GENESIS_HASH } from './event-hash';
export { LIMITS as EVENT_STORE_LIMITS } from './event-validation';
export { verifyEventLog } from './verify-log';
export * from './checkpointed-subscription';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export {
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/postgres-event-store';
export { EsdbEventStore } from './esdb/esdb-event-store';
export {
  createEventStore,
  type EventStoreSettings,
  SQLITE_EVENTS_FILE,
} from './create-event-store';
export { EVENT_STORE, EventStoreModule } from './event-store.module';
