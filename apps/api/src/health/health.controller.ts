import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '@asc/auth';
import Redis from 'ioredis';
import { EVENT_STORE, type EventStore } from '@asc/event-store';
import { EngineMetrics } from '../metrics/engine-metrics.service';
import { REDIS } from '../redis/redis.module';

const TIMEOUT_MS = 2000;

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly metrics: EngineMetrics,
  ) {}

  /** 200 when every dependency answers, 503 naming the ones that do not. */
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.probe('eventStore', { kind: this.store.kind }, () => this.store.ping()),
      () => this.probe('redis', {}, () => this.redis.ping()),
      // Ready only when the read models are close enough to the log to answer truthfully.
      () =>
        this.probe('readModels', {}, async () => {
          const lagging = await this.metrics.laggingProjections();
          if (lagging.length > 0) {
            throw new Error(
              lagging
                .map((l) => `${l.projection} ${l.running ? `${l.lag} events behind` : 'stopped'}`)
                .join('; '),
            );
          }
        }),
    ]);
  }

  private async probe(key: string, details: Record<string, unknown>, ping: () => Promise<unknown>) {
    const check = this.indicator.check(key);
    try {
      await withTimeout(ping(), TIMEOUT_MS);
      return check.up(details);
    } catch (error) {
      return check.down({
        ...details,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
