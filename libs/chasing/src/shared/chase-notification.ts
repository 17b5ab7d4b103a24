import {
  actionDaysOverdue,
  type Board,
  deliveryStatus,
  londonDateOf,
  type RaisedAction,
  type ReminderStep,
} from '@asc/domain';
import {
  actionLink,
  type EscalationNotification,
  type ReminderNotification,
} from '@asc/notifications';
import {
  type EscalationNoticeJobData,
  escalationNotificationKey,
  reminderNotificationKey,
} from './chase-jobs';

type Owned = RaisedAction & { owner: NonNullable<RaisedAction['owner']>; dueDate: string };

/** The reminder the owner reads: what, which ref, due when, how late, and where to look. */
export function reminderNotification(
  state: Owned,
  step: ReminderStep,
  boards: readonly Board[],
  now: Date,
  publicUrl: string,
): ReminderNotification {
  const today = londonDateOf(now.toISOString());
  const nextBoard = boards.find((b) => b.level > state.escalationLevel) ?? null;
  return {
    type: 'reminder',
    notificationKey: reminderNotificationKey(
      state.actionId,
      step.kind,
      step.dueDate,
      step.sequence,
    ),
    actionId: state.actionId,
    ref: state.ref,
    title: state.title,
    qualityStatement: state.qualityStatement,
    dueDate: step.dueDate,
    daysOverdue: actionDaysOverdue(state, today),
    owner: state.owner,
    escalationLevel: state.escalationLevel,
    deliveryStatus: deliveryStatus(state, today),
    link: actionLink(publicUrl, state.actionId),
    kind: step.kind,
    board: nextBoard && {
      boardId: nextBoard.boardId,
      name: nextBoard.name,
      level: nextBoard.level,
      email: nextBoard.email,
    },
  };
}

/** The notice a board reads of an escalation recorded in the log; ownerless actions escalate too. */
export function escalationNotification(
  state: RaisedAction,
  notice: EscalationNoticeJobData,
  board: Board,
  now: Date,
  publicUrl: string,
): EscalationNotification {
  const today = londonDateOf(now.toISOString());
  return {
    type: 'escalation',
    notificationKey: escalationNotificationKey(state.actionId, notice.level),
    actionId: state.actionId,
    ref: state.ref,
    title: state.title,
    qualityStatement: state.qualityStatement,
    dueDate: state.dueDate ?? today,
    daysOverdue: notice.daysOverdue,
    owner: state.owner,
    escalationLevel: notice.level,
    deliveryStatus: deliveryStatus(state, today),
    link: actionLink(publicUrl, state.actionId),
    board: { boardId: board.boardId, name: board.name, level: board.level, email: board.email },
    fromLevel: notice.fromLevel,
    reason: notice.reason,
  };
}
