import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { EVENT_STORE, type EventStore } from '@asc/event-store';
import { ReadModels } from '@asc/read-models';

/** A projection further behind the log than this is not ready to serve. */
export const MAX_READY_LAG = 10_000;

/**
 * Prometheus metrics of the engine. Projection figures are read when scraped, from the runners
 * and the store's head, so they cost nothing between scrapes.
 */
@Injectable()
export class EngineMetrics {
  readonly registry = new Registry();
  private readonly seen = new Map<string, number>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'asc_' });
    const head: Gauge = new Gauge({
      name: 'asc_event_store_head_position',
      help: 'Global position of the last event committed to the log.',
      registers: [this.registry],
      collect: async () => head.set(await this.store.headPosition()),
    });
    const position: Gauge<'projection'> = new Gauge({
      name: 'asc_projection_position',
      help: 'Global position of the last event a projection has applied.',
      labelNames: ['projection'],
      registers: [this.registry],
      collect: () => {
        for (const runner of this.readModels.runners)
          position.set({ projection: runner.name }, runner.position);
      },
    });
    const lag: Gauge<'projection'> = new Gauge({
      name: 'asc_projection_lag_events',
      help: 'Events in the log that a projection has not applied yet (head position minus its position).',
      labelNames: ['projection'],
      registers: [this.registry],
      collect: async () => {
        const top = await this.store.headPosition();
        for (const runner of this.readModels.runners)
          lag.set({ projection: runner.name }, Math.max(0, top - runner.position));
      },
    });
    // Events per second is rate() of this counter.
    const applied: Counter<'projection'> = new Counter({
      name: 'asc_projection_events_applied_total',
      help: 'Log positions a projection has moved past since this process started.',
      labelNames: ['projection'],
      registers: [this.registry],
      collect: () => {
        for (const runner of this.readModels.runners) {
          const before = this.seen.get(runner.name) ?? runner.position;
          if (runner.position > before)
            applied.inc({ projection: runner.name }, runner.position - before);
          this.seen.set(runner.name, runner.position);
        }
      },
    });
    for (const runner of this.readModels.runners) this.seen.set(runner.name, runner.position);
  }

  /** The projections that are stopped or more than MAX_READY_LAG events behind. */
  async laggingProjections(): Promise<{ projection: string; lag: number; running: boolean }[]> {
    const top = await this.store.headPosition();
    return this.readModels.runners
      .map((r) => ({ projection: r.name, lag: Math.max(0, top - r.position), running: r.running }))
      .filter((r) => !r.running || r.lag > MAX_READY_LAG);
  }
}
