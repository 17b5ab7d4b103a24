import { Injectable, Logger } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { ACTION, AggregateRepository, PlanLookup } from '@asc/commands';
import { EngineConfig } from '@asc/config';
import { boardsOf, isRaised } from '@asc/domain';
import { isNotificationDeliveryError, Notifier } from '@asc/notifications';
import { ChasingMetrics } from '../operations/chasing-metrics.service';
import { type EscalationNoticeJobData, escalationNotificationKey } from '../shared/chase-jobs';
import { escalationNotification } from '../shared/chase-notification';
import { ChaserStore } from '../shared/chaser-store';

/**
 * Tells the board (copying the owner, when there is one) of an escalation the log already records. The ledger row
 * says whether it went out: a second job for the same action and level sends nothing. Delivery
 * comes before the row is marked sent, so a crash between the two sends once more on the retry.
 */
@Injectable()
export class EscalationNoticeService {
  private readonly logger = new Logger('EscalationNotice');

  constructor(
    private readonly repository: AggregateRepository,
    private readonly plans: PlanLookup,
    private readonly notifier: Notifier,
    private readonly chaserStore: ChaserStore,
    private readonly metrics: ChasingMetrics,
    private readonly config: EngineConfig,
  ) {}

  async deliver(job: Job<EscalationNoticeJobData>): Promise<string> {
    const notice = job.data;
    const sentAt = await this.chaserStore.noticeSentAt(notice.actionId, notice.level);
    if (sentAt) return `already sent at ${sentAt}`;
    if (sentAt === undefined) {
      await this.chaserStore.recordNotice({ ...notice, escalatedAt: new Date().toISOString() });
    }
    const { state } = await this.repository.current(ACTION, notice.actionId);
    if (!isRaised(state)) return 'no such action';
    const boards = boardsOf(await this.plans.plan(state.planId));
    const board =
      boards.find((b) => b.boardId === notice.boardId) ??
      boards.find((b) => b.level === notice.level);
    const now = new Date().toISOString();
    if (!board) {
      return this.logOnly(notice, now, `the plan has no board ${notice.boardId} any more`);
    }
    const notification = escalationNotification(
      state,
      notice,
      board,
      new Date(),
      this.config.publicUrl,
    );
    if (!notification.owner && !board.email) {
      return this.logOnly(
        notice,
        now,
        `the action has no owner and the ${board.name} has no email address`,
      );
    }
    let receipts;
    try {
      receipts = await this.notifier.send(notification);
    } catch (error) {
      if (!isNotificationDeliveryError(error)) throw error;
      this.metrics.deliveryFailures.inc({ retryable: String(error.retryable) });
      if (error.delivered.length > 0) receipts = [...error.delivered];
      else if (error.retryable) throw error;
      else {
        this.logger.error(`escalation notice ${notification.notificationKey}: ${error.message}`);
        throw new UnrecoverableError(error.message);
      }
    }
    const receipt = receipts.find((r) => r.channel === 'email') ?? receipts[0];
    await this.chaserStore.markNoticeSent(
      notice.actionId,
      notice.level,
      now,
      receipt?.channel ?? 'log',
      receipts.map((r) => r.recipient).join(', '),
    );
    this.metrics.noticesSent.inc();
    return `sent to ${receipts.map((r) => r.recipient).join(', ')}`;
  }

  /**
   * Nobody can be told: the escalation stays in the log, this warning says why, and the ledger
   * records the notice as gone to the log so that no retry or reconciliation tries again.
   */
  private async logOnly(notice: EscalationNoticeJobData, at: string, why: string): Promise<string> {
    const key = escalationNotificationKey(notice.actionId, notice.level);
    this.logger.warn(`escalation notice ${key} went to the log only: ${why}`);
    await this.chaserStore.markNoticeSent(notice.actionId, notice.level, at, 'log', 'nobody');
    return `logged only: ${why}`;
  }
}
