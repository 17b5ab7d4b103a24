import { Injectable } from '@nestjs/common';
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

/** Times a job may be found stalled (its worker died) and run again before it fails. */
export const MAX_STALLED_COUNT = 3;

/**
 * What the chase queue's BullMQ worker runs: hands each job to its use case. The worker itself is
 * made by the chasing lifecycle when CHASER=on (CHASER_CONCURRENCY, CHASER_LOCK_MS from the
 * configuration, which a static @Processor decorator cannot take). A job whose worker dies is
 * found stalled (its lock lapses) and run again; every use case is idempotent.
 */
@Injectable()
export class ChaseActionProcessor {
  readonly queueName = CHASE_QUEUE;

  constructor(
    private readonly chase: FireChaseService,
    private readonly notices: EscalationNoticeService,
    private readonly reconciliation: ReconcileChasesService,
  ) {}

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
