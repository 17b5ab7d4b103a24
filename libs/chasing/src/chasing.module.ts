import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { CommandsModule } from '@asc/commands';
import { EngineConfig } from '@asc/config';
import { NotificationsModule } from '@asc/notifications';
import { READ_MODEL_DATABASE, type ReadModelDatabase } from '@asc/read-models';
import { ChaseActionProcessor } from './fire/chase-action.processor';
import { ChaseHooks, NoChaseHooks } from './fire/chase-hooks';
import { FireChaseService } from './fire/fire-chase.service';
import { EscalationNoticeService } from './notify/escalation-notice.service';
import { ChasingMetrics } from './operations/chasing-metrics.service';
import { ChasingLifecycle } from './operations/chasing-lifecycle.service';
import { ChasingReactor } from './react/chasing.reactor';
import { ReconcileChasesService } from './reconcile/reconcile-chases.service';
import { ChaseContextLoader } from './shared/chase-context.service';
import { CHASE_QUEUE, DEFAULT_JOB_OPTIONS } from './shared/chase-jobs';
import { ChaseQueue } from './shared/chase-queue.service';
import { ChaserStore } from './shared/chaser-store';
import { redisConnectionOptions } from './shared/redis-connection';

/**
 * The chaser: the reactor that turns events into BullMQ jobs, the worker that fires them, the
 * escalation notices, reconciliation, and the chase queue's metrics. Always provides the queue
 * (Bull Board and /metrics read it); runs reactor and worker only when CHASER=on. Needs
 * EngineConfigModule, EventStoreModule and ReadModelsModule in the application.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [EngineConfig],
      useFactory: (config: EngineConfig) => ({
        connection: redisConnectionOptions(config.REDIS_URL),
        prefix: config.BULLMQ_PREFIX,
      }),
    }),
    BullModule.registerQueue({ name: CHASE_QUEUE, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
    CommandsModule,
    NotificationsModule,
  ],
  providers: [
    {
      provide: ChaserStore,
      inject: [READ_MODEL_DATABASE],
      useFactory: (db: ReadModelDatabase) => new ChaserStore(db),
    },
    { provide: ChaseHooks, useClass: NoChaseHooks },
    ChaseQueue,
    ChaseContextLoader,
    ChasingMetrics,
    ChasingReactor,
    FireChaseService,
    EscalationNoticeService,
    ReconcileChasesService,
    ChaseActionProcessor,
    ChasingLifecycle,
  ],
  exports: [ChaseQueue, ChasingMetrics, ChasingReactor, ReconcileChasesService, ChasingLifecycle],
})
export class ChasingModule {}
