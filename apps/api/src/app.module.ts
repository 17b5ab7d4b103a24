import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from '@asc/auth';
import { CommandsModule } from '@asc/commands';
import { EngineConfig, EngineConfigModule, eventStoreSettings } from '@asc/config';
import { EventStoreModule } from '@asc/event-store';
import { ReadModelsModule } from '@asc/read-models';
import { ActionsController } from './actions/actions.controller';
import { GetActionHandler } from './actions/get-action/get-action.handler';
import { ListActionsHandler } from './actions/list-actions/list-actions.handler';
import { HealthModule } from './health/health.module';

import { ProblemDetailsFilter } from './http/problem-details.filter';
import { createValidationPipe } from './http/validation.pipe';
import { BoardReportHandler } from './plans/board-report/board-report.handler';
import { GetPlanHandler } from './plans/get-plan/get-plan.handler';
import { PlansController } from './plans/plans.controller';
import { RedisModule } from './redis/redis.module';

@Module({
  imports: [
    EngineConfigModule,
    LoggerModule.forRootAsync({
      inject: [EngineConfig],
      useFactory: (config: EngineConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          // Fastify has already chosen the request id (bootstrap.ts); log the same one.
          genReqId: (req) => (req as unknown as { id: string }).id,
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
        },
      }),
    }),
    EventStoreModule.forRootAsync({
      inject: [EngineConfig],
      useFactory: eventStoreSettings,
    }),
    ReadModelsModule,
    AuthModule,
    CommandsModule,
    RedisModule,
    HealthModule,
  ],
  controllers: [ActionsController, PlansController],
  providers: [
    GetActionHandler,
    ListActionsHandler,
    GetPlanHandler,
    BoardReportHandler,
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class AppModule {}
