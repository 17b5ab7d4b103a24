import {
  type DeliveryStatus,
  type EscalationReason,
  type QualityStatementCode,
  type ReminderKind,
} from '@asc/domain';

/** The action's owner as the event log names them (OwnerAssigned). */
export interface NotificationPerson {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

/** A board as configured on the plan (BoardConfigured, or one of the defaults). */
export interface NotificationBoard {
  readonly boardId: string;
  readonly name: string;
  readonly level: number;
  /** Default boards have no address: the escalation then goes to the owner only (if any). */
  readonly email: string | null;
}

/** What every message must be able to name. */
interface NotificationBase {
  /**
   * Deterministic, supplied by the caller, e.g. `reminder:<actionId>:<kind>:<dueDate>:<sequence>`
   * or `escalation:<actionId>:<level>`. It becomes the email's Message-ID and the webhook's
   * Idempotency-Key, so a redelivery is recognisable downstream.
   */
  readonly notificationKey: string;
  readonly actionId: string;
  readonly ref: string;
  readonly title: string;
  /** A code (`QS7`); shown with its name. */
  readonly qualityStatement: QualityStatementCode;
  /** `YYYY-MM-DD`, a Europe/London calendar date. */
  readonly dueDate: string;
  /** Whole London days past the due date; 0 when not overdue. */
  readonly daysOverdue: number;
  /** The action's escalation level now (0 when never escalated); for an escalation, the new one. */
  readonly escalationLevel: number;
  /** Shown as words; left out of the message when not given. */
  readonly deliveryStatus?: DeliveryStatus | null;
  /** Where to read the action: see actionLink(). */
  readonly link: string;
}

/** A reminder to the owner: there is none without an owner (the chase schedule's rule). */
export interface ReminderNotification extends NotificationBase {
  readonly type: 'reminder';
  readonly owner: NotificationPerson;
  readonly kind: ReminderKind;
  /** The board the action would be escalated to next, when the caller knows it. */
  readonly board?: NotificationBoard | null;
}

/** An escalation to a board, copied to the owner. */
export interface EscalationNotification extends NotificationBase {
  readonly type: 'escalation';
  /** Null when the action has no owner: an unowned action still escalates, to the board alone. */
  readonly owner: NotificationPerson | null;
  readonly board: NotificationBoard;
  /** The level before this escalation (0 when never escalated). */
  readonly fromLevel: number;
  readonly reason: EscalationReason;
}

export type Notification = ReminderNotification | EscalationNotification;

/** `${PUBLIC_URL}/actions/<id>`; a trailing slash on the base is dropped. */
export function actionLink(publicUrl: string, actionId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/actions/${encodeURIComponent(actionId)}`;
}
