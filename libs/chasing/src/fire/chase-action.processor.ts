import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type Job } from 'bullmq';
import { EscalationNoticeService } from '../notify/escalation-notice.service';
import { ReconcileChasesService } from '../reconcile/reconcile-chases.service';
import {
  CHASE_QUEUE,
  type ChaseJobData,
  type EscalationNoticeJobData,
  JOB,
} from '../shared/chase-jobs';
import { FireChaseService } from './fire-chase.service';

/**
 * The BullMQ worker of the chase queue: hands each job to its use case. Created stopped; the
 * chasing lifecycle starts it when CHASER=on, with CHASER_CONCURRENCY. A job whose worker dies is
 * found stalled (its lock lapses) and run again; every use case is idempotent.
 */
@Processor(CHASE_QUEUE, {
  autorun: false,
  concurrency: 1,
  lockDuration: 60_000,
  stalledInterval: 30_000,
  maxStalledCount: 3,
})
export class ChaseActionProcessor extends WorkerHost {
  constructor(
    private readonly chase: FireChaseService,
    private readonly notices: EscalationNoticeService,
    private readonly reconciliation: ReconcileChasesService,
  ) {
    super();
  }

  async process(job: Job, token?: string): Promise<unknown> {
    switch (job.name) {
      case JOB.chase:
        return this.chase.fire(job as Job<ChaseJobData>, token);
      case JOB.escalationNotice:
        return this.notices.deliver(job as Job<EscalationNoticeJobData>);
      case JOB.reconcile:
        return this.reconciliation.run();
      default:
        throw new Error(`unknown chase job ${job.name}`);
    }
  }
}
