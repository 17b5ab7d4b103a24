/**
 * @asc/chasing — the chaser: a reactor on the checkpointed subscription turns events into BullMQ
 * jobs with deterministic ids, a worker carries out what the pure chase schedule (decideChase in
 * @asc/domain) says is due, escalation notices go to boards, and reconciliation rebuilds every job
 * from the read models. See docs/adr/0013-chasing-jobs-order-reconciliation.md.
 */
export { ChasingModule } from './chasing.module';
export {
  CHASE_QUEUE,
  type ChaseJobData,
  type ChaseJobSpec,
  type EscalationNoticeJobData,
  escalationNoticeKey,
  JOB as CHASE_JOB,
  wakeUpJob,
} from './shared/chase-jobs';
export { ChaseQueue } from './shared/chase-queue.service';
export { ChaserStore, CHASER_CHECKPOINT } from './shared/chaser-store';
export { redisConnectionOptions } from './shared/redis-connection';
export { ChasingReactor, NOTICE_MAX_AGE_MS } from './react/chasing.reactor';
export { CHASER_ACTOR, FireChaseService } from './fire/fire-chase.service';
export { ChaseHooks, NoChaseHooks } from './fire/chase-hooks';
export { ReconcileChasesService, type ReconcileReport } from './reconcile/reconcile-chases.service';
export { ChasingMetrics } from './operations/chasing-metrics.service';
export { ChasingLifecycle, SHUTDOWN_GRACE_MS } from './operations/chasing-lifecycle.service';
