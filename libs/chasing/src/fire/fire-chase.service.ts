import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { DelayedError, type Job, type Queue, UnrecoverableError } from 'bullmq';
import type Redis from 'ioredis';
import { ACTION, AggregateRepository, type CommandMetadata } from '@asc/commands';
import { EngineConfig } from '@asc/config';
import {
  actionDaysOverdue,
  type ChaseStep,
  type EscalationStep,
  isDomainRuleViolation,
  londonDateOf,
  type ReminderStep,
} from '@asc/domain';
import { ConcurrencyError } from '@asc/event-store';
import { type DeliveryReceipt, isNotificationDeliveryError, Notifier } from '@asc/notifications';
import { ChasingMetrics } from '../operations/chasing-metrics.service';
import { type ChaseContext, ChaseContextLoader } from '../shared/chase-context.service';
import {
  CHASE_QUEUE,
  type ChaseJobData,
  escalationNoticeJob,
  wakeUpJob,
} from '../shared/chase-jobs';
import { reminderNotification } from '../shared/chase-notification';
import { ChaserStore } from '../shared/chaser-store';
import { ChaseHooks } from './chase-hooks';

export const CHASER_ACTOR = 'system:chaser';
/** Steps carried out in one firing at most (three are due at once at most; the rest is conflicts). */
const MAX_STEPS = 10;
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/**
 * A chase job fired: read the action as it is now (it may have been re-planned, completed or
 * escalated since the job was made), carry out what decideChase says is due, one step at a time
 * and re-reading after each, then schedule the next wake-up. The job's own id does not matter,
 * so a stale, duplicate or early job does no harm.
 *
 * Order of effects (ADR 13): ActionBecameOverdue and ActionEscalated are facts of state: appended
 * first, with the version the decision was made on (a conflict re-reads and re-decides); the
 * escalation's notice to the board is then its own job. A reminder is a delivery: it is sent first
 * and ReminderSent appended after, so the log never claims a delivery that did not happen; a crash
 * between the two sends it again on the retry, once.
 */
@Injectable()
export class FireChaseService {
  private readonly logger = new Logger('FireChase');

  constructor(
    private readonly contexts: ChaseContextLoader,
    private readonly repository: AggregateRepository,
    private readonly notifier: Notifier,
    private readonly chaserStore: ChaserStore,
    private readonly metrics: ChasingMetrics,
    private readonly hooks: ChaseHooks,
    private readonly config: EngineConfig,
    @InjectQueue(CHASE_QUEUE) private readonly queue: Queue,
  ) {}

  async fire(job: Job<ChaseJobData>, token?: string): Promise<string> {
    const { actionId } = job.data;
    // One firing per action at a time: two jobs of one action (a wake-up and a stale one) must
    // not both decide that the same reminder is due and both send it.
    const client = (await this.queue.backend.client) as unknown as Redis;
    const lockKey = `${this.config.BULLMQ_PREFIX}:${CHASE_QUEUE}:chase-lock:${actionId}`;
    const lockToken = randomUUID();
    // As long as BullMQ's own job lock (CHASER_LOCK_MS): a killed worker's action is free again
    // by the time its stalled job is taken over.
    const locked = await client.set(lockKey, lockToken, 'PX', this.config.CHASER_LOCK_MS, 'NX');
    if (locked !== 'OK') {
      if (token === undefined) return 'action busy';
      await job.moveToDelayed(Date.now() + 250 + Math.floor(Math.random() * 500), token);
      throw new DelayedError();
    }
    try {
      return await this.fireLocked(job, token);
    } finally {
      await client.eval(RELEASE_LOCK, 1, lockKey, lockToken).catch(() => undefined);
    }
  }

  private async fireLocked(job: Job<ChaseJobData>, token?: string): Promise<string> {
    const { actionId } = job.data;
    let ctx = await this.contexts.load(actionId);
    const done: string[] = [];
    let refused = false;
    for (let i = 0; ctx && ctx.decision.due.length > 0 && i < MAX_STEPS; i++) {
      const step = ctx.decision.due[0] as ChaseStep;
      try {
        await this.perform(step, ctx, job);
        done.push(step.key);
      } catch (error) {
        if (error instanceof ConcurrencyError) {
          // The action moved on since it was read: read it again and decide again.
        } else if (isDomainRuleViolation(error)) {
          // The decider knows better than this decision (it should not happen): log, do not loop.
          this.logger.warn(`chase step ${step.key} refused by the domain: ${error.message}`);
          refused = true;
          break;
        } else throw error;
      }
      // The plan was read a moment ago: only the action's new tail is read again.
      ctx = await this.contexts.load(actionId, ctx.plan);
    }
    if (!ctx) return done.length > 0 ? done.join(', ') : 'nothing to chase';
    await this.scheduleNext(job, token, ctx, refused);
    return done.length > 0 ? done.join(', ') : 'nothing due';
  }

  private async scheduleNext(
    job: Job<ChaseJobData>,
    token: string | undefined,
    ctx: ChaseContext,
    refused: boolean,
  ): Promise<void> {
    const decision = refused ? { due: [], next: ctx.decision.next } : ctx.decision;
    const next = wakeUpJob(ctx.state.actionId, decision, ctx.now.getTime());
    if (!next) return;
    if (next.opts.jobId === job.id) {
      // Woken before its moment (a clock ahead of Redis's, a policy changed): wait again as itself.
      if (token === undefined || (next.opts.delay ?? 0) === 0) return;
      await job.moveToDelayed(Date.now() + (next.opts.delay ?? 0), token);
      throw new DelayedError();
    }
    await this.queue.add(next.name, next.data, next.opts);
  }

  private perform(step: ChaseStep, ctx: ChaseContext, job: Job): Promise<void> {
    switch (step.type) {
      case 'overdue':
        return this.markOverdue(ctx, job);
      case 'escalation':
        return this.escalate(step, ctx, job);
      case 'reminder':
        return this.remind(step, ctx, job);
    }
  }

  private async markOverdue(ctx: ChaseContext, job: Job): Promise<void> {
    const { actionId } = ctx.state;
    await this.repository.execute(
      ACTION,
      actionId,
      { type: 'MarkOverdue', actionId, now: ctx.now.toISOString(), actor: CHASER_ACTOR },
      this.meta(job, ctx.version),
    );
  }

  private async escalate(step: EscalationStep, ctx: ChaseContext, job: Job): Promise<void> {
    const { actionId } = ctx.state;
    const now = ctx.now.toISOString();
    await this.repository.execute(
      ACTION,
      actionId,
      {
        type: 'EscalateAction',
        actionId,
        now,
        actor: CHASER_ACTOR,
        boardId: step.boardId,
        toLevel: step.toLevel,
        reason: step.reason,
      },
      this.meta(job, ctx.version),
    );
    this.metrics.escalations.inc({ reason: step.reason });
    // The ledger row first, then the job: reconciliation re-creates a lost job from the row, and
    // the reactor makes both from the event if this process dies right here.
    const notice = {
      actionId,
      level: step.toLevel,
      boardId: step.boardId,
      fromLevel: ctx.state.escalationLevel,
      reason: step.reason,
      daysOverdue: actionDaysOverdue(ctx.state, londonDateOf(now)),
    };
    await this.chaserStore.recordNotice({ ...notice, escalatedAt: new Date().toISOString() });
    const spec = escalationNoticeJob(notice);
    await this.queue.add(spec.name, spec.data, spec.opts);
  }

  private async remind(step: ReminderStep, ctx: ChaseContext, job: Job): Promise<void> {
    const { state } = ctx;
    if (state.owner === null || state.dueDate === null) return;
    const notification = reminderNotification(
      { ...state, owner: state.owner, dueDate: state.dueDate },
      step,
      ctx.boards,
      ctx.now,
      this.config.publicUrl,
    );
    const receipts = await this.deliver(() => this.notifier.send(notification));
    await this.hooks.afterDelivery(notification.notificationKey);
    const receipt = receipts.find((r) => r.channel === 'email') ?? receipts[0];
    // No expected version here: the delivery has happened, so the record is decided again on
    // whatever the action is now (the decider ignores a key already recorded and refuses one for
    // a superseded due date).
    await this.repository.execute(
      ACTION,
      state.actionId,
      {
        type: 'RecordReminderSent',
        actionId: state.actionId,
        now: ctx.now.toISOString(),
        actor: CHASER_ACTOR,
        kind: step.kind,
        dueDate: step.dueDate,
        sequence: step.sequence,
        channel: receipt?.channel ?? 'log',
        recipient: receipt?.recipient ?? state.owner.email,
      },
      this.meta(job),
    );
    this.metrics.remindersSent.inc({ kind: step.kind });
  }

  /**
   * Delivery with the notifier's verdict: a retryable failure is thrown for BullMQ to retry with
   * backoff; a permanent one fails the job without retries. When one channel delivered and
   * another failed, what went out is what gets recorded: a retry would send it twice.
   */
  private async deliver(send: () => Promise<DeliveryReceipt[]>): Promise<DeliveryReceipt[]> {
    try {
      return await send();
    } catch (error) {
      if (!isNotificationDeliveryError(error)) throw error;
      this.metrics.deliveryFailures.inc({ retryable: String(error.retryable) });
      if (error.delivered.length > 0) {
        this.logger.warn(`partly delivered, recording what went out: ${error.message}`);
        return [...error.delivered];
      }
      if (error.retryable) throw error;
      throw new UnrecoverableError(error.message);
    }
  }

  private meta(job: Job, expectedVersion?: number): CommandMetadata {
    return {
      actor: CHASER_ACTOR,
      commandId: randomUUID(),
      correlationId: `job-${job.id ?? 'unknown'}`,
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
    };
  }
}
