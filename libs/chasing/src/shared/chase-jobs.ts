import { type JobsOptions } from 'bullmq';
import { type ChaseDecision, chaseWakeUp, type EscalationReason } from '@asc/domain';

/** The one queue of the chaser: chase wake-ups, escalation notices and the reconciliation tick. */
export const CHASE_QUEUE = 'chase';

export const JOB = {
  /** Wake up and chase one action: data ChaseJobData; id the key of the step it was made for. */
  chase: 'chase',
  /** Deliver the notice of an escalation already recorded: data EscalationNoticeJobData. */
  escalationNotice: 'escalation-notice',
  /** Re-create missing jobs from the read models (the job scheduler's). */
  reconcile: 'reconcile',
} as const;

export const RECONCILE_SCHEDULER_ID = 'reconcile-chases';

export interface ChaseJobData {
  readonly actionId: string;
}

export interface EscalationNoticeJobData {
  readonly actionId: string;
  readonly level: number;
  readonly boardId: string;
  readonly fromLevel: number;
  readonly reason: EscalationReason;
  readonly daysOverdue: number;
}

/** A job ready for Queue.add / addBulk. */
export interface ChaseJobSpec<T = ChaseJobData | EscalationNoticeJobData> {
  readonly name: string;
  readonly data: T;
  readonly opts: JobsOptions & { jobId: string };
}

/**
 * Finished jobs are kept a while, then removed by age and count. Keeping a completed job keeps its
 * id taken, so a late duplicate add (the reactor behind the worker) is a no-op; the worker decides
 * from the log anyway, so a duplicate that does run finds nothing to do.
 */
export const KEEP_COMPLETED = { age: 24 * 3600, count: 50_000 } as const;
export const KEEP_FAILED = { age: 7 * 24 * 3600, count: 50_000 } as const;

/** SMTP refusing: retry with exponential backoff from 5 s, about 3 h in all before failing. */
export const DELIVERY_ATTEMPTS = 12;
export const DELIVERY_BACKOFF = { type: 'exponential', delay: 5_000 } as const;

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: DELIVERY_ATTEMPTS,
  backoff: DELIVERY_BACKOFF,
  removeOnComplete: KEEP_COMPLETED,
  removeOnFail: KEEP_FAILED,
};

/**
 * The job that wakes the chase of an action up next: at once for a step already due, else at the
 * next step's moment; none when the chase is over. Its id is the step's key and its moment, so
 * every process that schedules the same step (reactor, worker, reconciliation) makes the same job,
 * and a policy that moves the step to another moment makes a new one: an add with a taken id is
 * a no-op, which would leave the step waking at its old, later moment. The old job then wakes to
 * find nothing to do.
 */
export function wakeUpJob(
  actionId: string,
  decision: ChaseDecision,
  nowMs: number,
): ChaseJobSpec<ChaseJobData> | undefined {
  const wake = chaseWakeUp(decision);
  if (!wake) return undefined;
  return {
    name: JOB.chase,
    data: { actionId },
    opts: {
      jobId: chaseJobId(wake.key, wake.at),
      delay: wake.dueNow ? 0 : Math.max(0, Date.parse(wake.at) - nowMs),
    },
  };
}

/** `<step key>-at-<epoch ms of the step's moment>`. */
export function chaseJobId(stepKey: string, at: string): string {
  return `${stepKey}-at-${Date.parse(at)}`;
}

/** One notice per action and level: `escalation-notice-<actionId>-<level>`. */
export function escalationNoticeJob(
  data: EscalationNoticeJobData,
): ChaseJobSpec<EscalationNoticeJobData> {
  return {
    name: JOB.escalationNotice,
    data,
    opts: {
      jobId: escalationNoticeKey(data.actionId, data.level),
      // Kept longer than chase jobs: a late re-add by the reactor must stay a no-op.
      removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
    },
  };
}

export function escalationNoticeKey(actionId: string, level: number): string {
  return `escalation-notice-${actionId}-${level}`;
}

/** The notification key the notifier turns into a Message-ID / Idempotency-Key. */
export function reminderNotificationKey(
  actionId: string,
  kind: string,
  dueDate: string,
  sequence: number,
): string {
  return `reminder:${actionId}:${kind}:${dueDate}:${sequence}`;
}

export function escalationNotificationKey(actionId: string, level: number): string {
  return `escalation:${actionId}:${level}`;
}
