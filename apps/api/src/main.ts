import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigurationError, EngineConfig } from '@asc/config';
import { createApp } from './bootstrap';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const config = app.get(EngineConfig);
  await app.listen(config.PORT, config.HOST);
  new Logger().log(
    `engine listening on ${await app.getUrl()} (event store: ${config.EVENT_STORE})`,
  );
}

bootstrap().catch((error: unknown) => {
  // A bad setting or a store that cannot be reached at start: say which, then stop.
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
