import { eventStoreSettings, loadEngineConfig } from '@asc/config';
import { createEventStore, type EventStore } from '@asc/event-store';

/** The event store the engine is configured with, from the same environment variables. */
export async function openConfiguredStore(): Promise<EventStore> {
  const config = loadEngineConfig(process.env);
  return createEventStore(eventStoreSettings(config));
}
