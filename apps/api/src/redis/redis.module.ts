import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { EngineConfig } from '@asc/config';

export const REDIS = Symbol('REDIS');

/** One shared connection for health and metrics; BullMQ opens its own. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [EngineConfig],
      useFactory: (config: EngineConfig) =>
        new Redis(config.REDIS_URL, {
          lazyConnect: true,
          connectTimeout: 2000,
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          // Keep reconnecting in the background so the engine recovers by itself when Redis returns.
          retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
        }),
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {
    this.redis.connect().catch(() => undefined);
    this.redis.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}
