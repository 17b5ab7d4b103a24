import { type ReadModelDatabase, type ReadModelSql } from '@asc/read-models';
import { type EscalationNoticeJobData, escalationNotificationKey } from './chase-jobs';

/** The reactor's checkpoint row in `checkpoints`, beside the projections' (ADR 4). */
export const CHASER_CHECKPOINT = { name: 'chaser', version: 1 } as const;

/** Another reactor (another process) moved the checkpoint first: reload it and carry on. */
export class ChaserCheckpointMovedError extends Error {
  constructor(expected: number) {
    super(`checkpoint chaser is no longer at position ${expected}: another reactor moved it`);
    this.name = 'ChaserCheckpointMovedError';
  }
}

export interface PendingNotice extends EscalationNoticeJobData {
  readonly escalatedAt: string;
}

/**
 * What the chaser keeps in the read-model database: its checkpoint, and the ledger of escalation
 * notices (an escalation is a fact in the log; whether its notice went out is not, so the ledger
 * remembers it: one row per action and level, `sent_at` set after delivery). The table is the
 * chaser's own and is created here, so the read-model migrations stay the projections' business.
 */
export class ChaserStore {
  constructor(private readonly db: ReadModelDatabase) {}

  async ensureSchema(): Promise<void> {
    await this.db.run(`CREATE TABLE IF NOT EXISTS chase_notices (
      notification_key text PRIMARY KEY,
      action_id        text    NOT NULL,
      level            integer NOT NULL,
      board_id         text    NOT NULL,
      from_level       integer NOT NULL,
      reason           text    NOT NULL,
      days_overdue     integer NOT NULL,
      escalated_at     text    NOT NULL,
      sent_at          text,
      channel          text,
      recipient        text
    )`);
    await this.db.run(
      'CREATE INDEX IF NOT EXISTS chase_notices_unsent ON chase_notices (sent_at, escalated_at)',
    );
  }

  async loadCheckpoint(now: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      // Plain SQL both dialects and both checkpoint keys ((name) and (name, version)) accept.
      await tx.run(
        `INSERT INTO checkpoints (name, position, version, updated_at)
         SELECT ?, 0, ?, ? WHERE NOT EXISTS
           (SELECT 1 FROM checkpoints WHERE name = ? AND version = ?)`,
        [
          CHASER_CHECKPOINT.name,
          CHASER_CHECKPOINT.version,
          now,
          CHASER_CHECKPOINT.name,
          CHASER_CHECKPOINT.version,
        ],
      );
      const [row] = await tx.query<{ position: number }>(
        'SELECT position FROM checkpoints WHERE name = ? AND version = ?',
        [CHASER_CHECKPOINT.name, CHASER_CHECKPOINT.version],
      );
      return Number(row?.position ?? 0);
    });
  }

  /**
   * Back to the log's start from `from`, a checkpoint left beyond the end of a restored log;
   * nothing if another reactor has moved it meanwhile.
   */
  async resetCheckpoint(from: number, now: string): Promise<void> {
    await this.db.run(
      `UPDATE checkpoints SET position = 0, updated_at = ?
        WHERE name = ? AND version = ? AND position = ?`,
      [now, CHASER_CHECKPOINT.name, CHASER_CHECKPOINT.version, from],
    );
  }

  /**
   * Moves the checkpoint from `from` to `to` and records the batch's new notices, in one
   * transaction; throws ChaserCheckpointMovedError when another reactor moved it first.
   */
  async commit(
    from: number,
    to: number,
    notices: readonly PendingNotice[],
    now: string,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const moved = await tx.run(
        `UPDATE checkpoints SET position = ?, updated_at = ?
          WHERE name = ? AND version = ? AND position = ?`,
        [to, now, CHASER_CHECKPOINT.name, CHASER_CHECKPOINT.version, from],
      );
      if (moved !== 1) throw new ChaserCheckpointMovedError(from);
      for (const notice of notices) await insertNotice(tx, notice);
    });
  }

  async recordNotice(notice: PendingNotice): Promise<void> {
    await insertNotice(this.db, notice);
  }

  /** When the notice went out; undefined while it has not (or is unknown). */
  async noticeSentAt(actionId: string, level: number): Promise<string | null | undefined> {
    const [row] = await this.db.query<{ sent_at: string | null }>(
      'SELECT sent_at FROM chase_notices WHERE notification_key = ?',
      [escalationNotificationKey(actionId, level)],
    );
    return row ? row.sent_at : undefined;
  }

  async markNoticeSent(
    actionId: string,
    level: number,
    at: string,
    channel: string,
    recipient: string,
  ): Promise<void> {
    await this.db.run(
      `UPDATE chase_notices SET sent_at = ?, channel = ?, recipient = ?
        WHERE notification_key = ? AND sent_at IS NULL`,
      [at, channel, recipient, escalationNotificationKey(actionId, level)],
    );
  }

  async unsentNotices(limit = 10_000): Promise<PendingNotice[]> {
    const rows = await this.db.query<{
      action_id: string;
      level: number;
      board_id: string;
      from_level: number;
      reason: string;
      days_overdue: number;
      escalated_at: string;
    }>(
      `SELECT action_id, level, board_id, from_level, reason, days_overdue, escalated_at
         FROM chase_notices WHERE sent_at IS NULL ORDER BY escalated_at LIMIT ?`,
      [limit],
    );
    return rows.map((r) => ({
      actionId: r.action_id,
      level: Number(r.level),
      boardId: r.board_id,
      fromLevel: Number(r.from_level),
      reason: r.reason as PendingNotice['reason'],
      daysOverdue: Number(r.days_overdue),
      escalatedAt: r.escalated_at,
    }));
  }
}

function insertNotice(sql: ReadModelSql, n: PendingNotice): Promise<number> {
  return sql.run(
    `INSERT INTO chase_notices
       (notification_key, action_id, level, board_id, from_level, reason, days_overdue, escalated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (notification_key) DO NOTHING`,
    [
      escalationNotificationKey(n.actionId, n.level),
      n.actionId,
      n.level,
      n.boardId,
      n.fromLevel,
      n.reason,
      n.daysOverdue,
      n.escalatedAt,
    ],
  );
}
