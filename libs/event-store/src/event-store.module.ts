import {
  type DynamicModule,
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createEventStore, type EventStoreSettings } from './create-event-store';
import { type EventStore } from './event-store.port';

/** Injection token of the configured EventStore. */
export const EVENT_STORE = Symbol('EVENT_STORE');

@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** `settings` is a provider token (or factory inputs) resolved by the application. */
  static forRootAsync(options: {
    inject: unknown[];
    useFactory: (...deps: never[]) => EventStoreSettings | Promise<EventStoreSettings>;
  }): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: EVENT_STORE,
          inject: options.inject as never[],
          useFactory: async (...deps: never[]) =>
            createEventStore(await options.useFactory(...deps)),
        },
      ],
      exports: [EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
