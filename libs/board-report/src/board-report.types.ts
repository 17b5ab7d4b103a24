import {
  type ActionState,
  type DeliveryStatus,
  type EscalationReason,
  type Priority,
  type QualityStatementCode,
  type Rating,
  type ScoreSource,
  type ThemeCode,
  type CreatedPlan,
} from '@asc/domain';

/** One stored event of an action stream, as the event store hands it back. */
export interface ActionHistoryEvent {
  /** The event type, e.g. `ActionRaised`. Types this library does not know are ignored. */
  readonly type: string;
  readonly data: unknown;
  /** ISO 8601 instant with offset, from the event's metadata. */
  readonly recordedAt: string;
  /** Position in the action's stream; events are folded in this order. */
  readonly version: number;
}

/** An action's events up to `asOf`, oldest first. */
export interface ActionHistory {
  readonly actionId: string;
  /**
   * A fold of the action's first events (a stored snapshot); `events` then need only hold those
   * after its version (earlier ones are ignored). Absent: `events` is the whole history.
   */
  readonly base?: ActionReportFold;
  readonly events: readonly ActionHistoryEvent[];
}

/** A change the board report lists (domain.md: raised, closed, slipped, escalated). */
export type ReportChange =
  | { readonly kind: 'raised'; readonly on: string; readonly at: string }
  | { readonly kind: 'closed'; readonly on: string; readonly at: string; readonly note: string }
  | {
      readonly kind: 'replanned';
      readonly on: string;
      readonly at: string;
      readonly fromDueDate: string;
      readonly toDueDate: string;
      readonly days: number;
      readonly reason: string | null;
    }
  | {
      readonly kind: 'escalated';
      readonly on: string;
      readonly at: string;
      readonly fromLevel: number;
      readonly toLevel: number;
      readonly boardId: string;
      readonly reason: EscalationReason;
      readonly daysOverdue: number;
    };

/**
 * One action's events folded for the board report: the state (evolveAction) and what the report
 * needs of the history, so that a report as of any moment, with any previous meeting date, needs
 * only this fold and the events after it. Plain JSON: stored as a snapshot (see foldActionReportEvent).
 */
export interface ActionReportFold {
  readonly state: ActionState;
  /** Stream version of the last event folded; -1 for none. */
  readonly version: number;
  /** recordedAt of the latest ActionEscalated. */
  readonly escalatedAt: string | null;
  /** London date of the latest event that changed whether the action is chased or its due date. */
  readonly chaseChangedOn: string | null;
  /** Each such change: the due date then chased (null: not chased), from that London date on. */
  readonly chaseChanges: readonly { readonly on: string; readonly chasedDueDate: string | null }[];
  /** Every change the report may list, oldest first. */
  readonly changes: readonly ReportChange[];
}

export interface BoardReportInput {
  /** The plan folded with evolvePlan (up to asOf). */
  readonly plan: CreatedPlan;
  readonly boardId: string;
  /** The moment the report describes: an ISO 8601 instant with offset. */
  readonly asOf: string;
  /**
   * `YYYY-MM-DD` of the board's previous meeting. Events recorded on that London date count as
   * before it. Absent or null: changes are counted since the plan began.
   */
  readonly previousMeetingDate?: string | null;
  /** Every action of the plan. */
  readonly actions: readonly ActionHistory[];
}

/** Number of actions in each delivery status, in the order of DELIVERY_STATUSES, zeros included. */
export type StatusCounts = { readonly [S in DeliveryStatus]: number };

export interface LatestScore {
  readonly value: 1 | 2 | 3 | 4;
  /** e.g. `some shortfalls`. */
  readonly words: string;
  /** e.g. `Evidence shows some shortfalls`. */
  readonly description: string;
  readonly source: ScoreSource;
  readonly assessedAt: string;
}

export interface QualityStatementSection {
  readonly code: QualityStatementCode;
  readonly number: number;
  readonly name: string;
  readonly latestScore: LatestScore | null;
  readonly counts: StatusCounts;
  readonly actionCount: number;
}

export interface ThemeSection {
  readonly code: ThemeCode;
  readonly number: number;
  readonly name: string;
  readonly qualityStatements: readonly QualityStatementSection[];
  /** Sum over the theme's quality statements. */
  readonly counts: StatusCounts;
  readonly actionCount: number;
}

export interface OverallSection {
  /** Null when no quality statement is scored. */
  readonly percentage: number | null;
  readonly rating: Rating | null;
  readonly assessed: number;
  readonly complete: boolean;
}

/** What every action row shows. */
export interface ActionRow {
  readonly actionId: string;
  readonly ref: string;
  readonly title: string;
  readonly qualityStatement: QualityStatementCode;
  readonly priority: Priority;
  /** The owner's name; null when nobody is assigned. */
  readonly owner: string | null;
  readonly dueDate: string | null;
  readonly deliveryStatus: DeliveryStatus;
  /** 0 when never escalated. */
  readonly escalationLevel: number;
}

export interface EscalatedRow extends ActionRow {
  /** Days overdue on the report's date (0 when not overdue). */
  readonly daysOverdue: number;
  readonly escalationReason: EscalationReason | null;
  /** recordedAt of the latest ActionEscalated event. */
  readonly escalatedAt: string;
  /** London days from the escalation to the report's date. */
  readonly daysWaiting: number;
}

export interface OverdueRow extends ActionRow {
  readonly daysOverdue: number;
  /** Name of the board it was last escalated to; null when never escalated. */
  readonly escalatedTo: string | null;
  readonly awaitingBoardDecision: boolean;
}

export interface DriftRow extends ActionRow {
  /** How often a set date was changed (the first setting does not count). */
  readonly count: number;
  /** Sum of the days of every move, ignoring direction. */
  readonly totalDaysMoved: number;
  /** Current minus original due date, in days (negative when brought forward). */
  readonly netDaysMoved: number;
  readonly originalDueDate: string;
  readonly currentDueDate: string;
  /** The reason given for the latest re-plan. */
  readonly lastReason: string | null;
}

/** A change since the previous meeting. */
export interface ChangeBase {
  readonly actionId: string;
  readonly ref: string;
  readonly title: string;
  readonly qualityStatement: QualityStatementCode;
  /** The London date of the change. */
  readonly on: string;
  /** recordedAt of the event; null when the change is the passing of a date (became overdue). */
  readonly at: string | null;
}

export interface RaisedChange extends ChangeBase {
  readonly priority: Priority;
}

export interface ClosedChange extends ChangeBase {
  readonly note: string;
}

export interface SlippedChange extends ChangeBase {
  /** `replanned`: a DueDateSet moved the date later; `became-overdue`: overdue now, not then. */
  readonly kind: 'replanned' | 'became-overdue';
  /** The date before the re-plan (for `became-overdue`, the due date it passed). */
  readonly fromDueDate: string;
  readonly toDueDate: string;
  /** `replanned`: days the date moved later; `became-overdue`: days overdue on the report date. */
  readonly days: number;
  readonly reason: string | null;
}

export interface EscalatedChange extends ChangeBase {
  readonly fromLevel: number;
  readonly toLevel: number;
  readonly boardId: string;
  /** Null when the board is not (or no longer) configured on the plan. */
  readonly boardName: string | null;
  readonly reason: EscalationReason;
  readonly daysOverdue: number;
}

export interface ChangesSection {
  /** The previous meeting date the changes are counted from; null: since the plan began. */
  readonly since: string | null;
  readonly raised: readonly RaisedChange[];
  readonly closed: readonly ClosedChange[];
  readonly slipped: readonly SlippedChange[];
  readonly escalated: readonly EscalatedChange[];
}

export interface BoardReport {
  readonly board: {
    readonly boardId: string;
    readonly name: string;
    readonly chair: string | null;
    readonly level: number;
  };
  readonly plan: { readonly planId: string; readonly authority: string; readonly title: string };
  readonly asOf: string;
  /** The London date of asOf. */
  readonly today: string;
  readonly previousMeetingDate: string | null;
  readonly overall: OverallSection;
  /** Counts over the whole plan. */
  readonly counts: StatusCounts;
  readonly actionCount: number;
  readonly themes: readonly ThemeSection[];
  readonly escalatedAwaitingDecision: readonly EscalatedRow[];
  readonly overdue: readonly OverdueRow[];
  readonly drift: readonly DriftRow[];
  readonly changesSincePreviousMeeting: ChangesSection;
}

/** Bad input to buildBoardReport: `field` names which (`boardId` → 404, others → 400). */
export class BoardReportInputError extends Error {
  override readonly name = 'BoardReportInputError';
  constructor(
    readonly field: 'plan' | 'boardId' | 'asOf' | 'previousMeetingDate' | 'actions',
    message: string,
  ) {
    super(message);
  }
}

export function isBoardReportInputError(error: unknown): error is BoardReportInputError {
  return error instanceof BoardReportInputError;
}
