import { Controller, Get, Header, Optional } from '@nestjs/common';
import { Registry } from 'prom-client';
import { Public } from '@asc/auth';
import { ChasingMetrics } from '@asc/chasing';
import { EngineMetrics } from './engine-metrics.service';

/** Prometheus scrapes without a token: serve it on the internal network only. */
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly registry: Registry;

  constructor(metrics: EngineMetrics, @Optional() chasing?: ChasingMetrics) {
    this.registry = chasing
      ? Registry.merge([metrics.registry, chasing.registry])
      : metrics.registry;
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
