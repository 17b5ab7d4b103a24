import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ChasingModule } from '@asc/chasing';
import { CommandsModule } from '@asc/commands';
import { EngineConfig, EngineConfigModule, eventStoreSettings } from '@asc/config';
import { EventStoreModule } from '@asc/event-store';
import { ReadModelsModule } from '@asc/read-models';

/**
 * The engine without HTTP: read models, the chaser's reactor and its BullMQ worker. Run as many as
 * needed beside the API (CHASER=off there, or not): jobs have deterministic ids, the reactor's
 * checkpoint moves from the position it last saw, and one firing per action runs at a time.
 */
@Module({
  imports: [
    EngineConfigModule,
    LoggerModule.forRootAsync({
      inject: [EngineConfig],
      useFactory: (config: EngineConfig) => ({ pinoHttp: { level: config.LOG_LEVEL } }),
    }),
    EventStoreModule.forRootAsync({ inject: [EngineConfig], useFactory: eventStoreSettings }),
    ReadModelsModule,
    CommandsModule,
    ChasingModule,
  ],
})
export class WorkerModule {}
