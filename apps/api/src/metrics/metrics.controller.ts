import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '@asc/auth';
import { EngineMetrics } from './engine-metrics.service';

/** Prometheus scrapes without a token: serve it on the internal network only. */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: EngineMetrics) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
