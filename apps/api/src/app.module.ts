import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuthModule } from '@asc/auth';
import { ChasingModule } from '@asc/chasing';
import { CommandsModule } from '@asc/commands';
import { EngineConfig, EngineConfigModule, eventStoreSettings } from '@asc/config';
import { EventStoreModule } from '@asc/event-store';
import { ReadModelsModule } from '@asc/read-models';
import { ActionHistoryHandler } from './actions/action-history/action-history.handler';
import { ActionsController } from './actions/actions.controller';
import { GetActionHandler } from './actions/get-action/get-action.handler';
import { ListActionsHandler } from './actions/list-actions/list-actions.handler';
import { AuditController } from './audit/audit.controller';
import { ExportEventsHandler } from './audit/export-events/export-events.handler';
import { VerifyLogHandler } from './audit/verify-log/verify-log.handler';
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
    EventStoreModule.forRootAsync({
      inject: [EngineConfig],
      useFactory: eventStoreSettings,
    }),
    ReadModelsModule,
    AuthModule,
    CommandsModule,
    RedisModule,
    HealthModule,
    // Reactor, worker and reconciliation in this process unless CHASER=off.
    ChasingModule,
  ],
  controllers: [ActionsController, PlansController, AuditController],
  providers: [
    GetActionHandler,
    ListActionsHandler,
    GetPlanHandler,
    BoardReportHandler,
    ActionHistoryHandler,
    VerifyLogHandler,
    ExportEventsHandler,
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class AppModule {}
