import { Global, Module } from '@nestjs/common';
import { EngineConfig, loadEngineConfig } from './engine.config';

/** Provides the validated EngineConfig to every module; a bad setting stops the start. */
@Global()
@Module({
  providers: [{ provide: EngineConfig, useFactory: () => loadEngineConfig(process.env) }],
  exports: [EngineConfig],
})
export class EngineConfigModule {}
