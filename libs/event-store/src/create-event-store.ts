import { join } from 'node:path';
import { EsdbEventStore } from './esdb/esdb-event-store';
import { type EventStore, type EventStoreKind } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

export interface EventStoreSettings {
  kind: EventStoreKind;
  /** Folder of the SQLite file. */
  dataDir: string;
  databaseUrl?: string;
  eventstoreUrl?: string;
  clock?: () => Date;
}

export const SQLITE_EVENTS_FILE = 'events.sqlite';

/** Opens the configured adapter; PostgreSQL runs its migrations before it returns. */
export async function createEventStore(settings: EventStoreSettings): Promise<EventStore> {
  switch (settings.kind) {
    case 'sqlite':
      return SqliteEventStore.open({
        filename: join(settings.dataDir, SQLITE_EVENTS_FILE),
        clock: settings.clock,
      });
    case 'postgres':
      return PostgresEventStore.connect({
        connectionString: required(settings.databaseUrl, 'DATABASE_URL'),
        clock: settings.clock,
      });
    case 'esdb':
      return EsdbEventStore.connect({
        connectionString: required(settings.eventstoreUrl, 'EVENTSTORE_URL'),
        clock: settings.clock,
      });
  }
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is required for this event store`);
  return value;
}
