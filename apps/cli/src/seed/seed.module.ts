import { Module } from '@nestjs/common';
import { CommandsModule } from '@asc/commands';
import { EngineConfig, EngineConfigModule, eventStoreSettings } from '@asc/config';
import { EventStoreModule } from '@asc/event-store';

/** The write side without HTTP: what the seed needs to put commands on the bus. */
@Module({
  imports: [
    EngineConfigModule,
    EventStoreModule.forRootAsync({ inject: [EngineConfig], useFactory: eventStoreSettings }),
    CommandsModule,
  ],
})
export class SeedModule {}
