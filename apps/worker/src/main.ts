import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigurationError, EngineConfig } from '@asc/config';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // SIGTERM/SIGINT: the chaser lets running jobs finish (10 s at most), then the stores close.
  app.enableShutdownHooks();
  const config = app.get(EngineConfig);
  await app.init();
  app
    .get(Logger)
    .log(
      `worker running (event store: ${config.EVENT_STORE}, chaser: ${config.CHASER}, concurrency: ${config.CHASER_CONCURRENCY})`,
    );
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
