import { type QualityStatementCode } from '../cqc/cqc-catalogue';
import { daysBetween, isOverdue, daysOverdue as daysPast } from '../shared/london-calendar';
import {
  type ActionEvent,
  type ActionOwner,
  type ActionSource,
  type BoardDecision,
  type Confidence,
  type EscalationReason,
  type Priority,
  type ReminderKind,
} from './action.events';

/** The lifecycle states of domain.md. Overdue is not a state: see isActionOverdue. */
export const ACTION_STATUSES = ['raised', 'open', 'completed', 'closed', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface EvidenceItem {
  readonly title: string;
  readonly uri: string;
  readonly sha256: string | null;
}

export interface DueDateChange {
  readonly dueDate: string;
  readonly previousDueDate: string | null;
  readonly reason: string | null;
}

export interface ReminderRecord {
  readonly kind: ReminderKind;
  readonly dueDate: string;
  readonly sequence: number;
}

export interface BoardDecisionRecord {
  readonly boardId: string;
  readonly decision: BoardDecision;
  readonly note: string;
  readonly meetingDate: string;
}

/** Before ActionRaised: the stream is empty. */
export interface UnraisedAction {
  readonly status: 'none';
}

export interface RaisedAction {
  readonly status: ActionStatus;
  readonly actionId: string;
  readonly planId: string;
  readonly ref: string;
  readonly title: string;
  readonly description: string | null;
  readonly qualityStatement: QualityStatementCode;
  readonly priority: Priority;
  readonly source: ActionSource;

  readonly owner: ActionOwner | null;
  readonly dueDate: string | null;
  /** The first due date ever set. */
  readonly originalDueDate: string | null;
  /** Every DueDateSet, oldest first. */
  readonly dueDateHistory: readonly DueDateChange[];
  /** How often a set date was changed (re-planned): the first setting does not count. */
  readonly dueDateChangeCount: number;
  /** Sum of the days each re-plan moved the date, ignoring direction: how far it drifted. */
  readonly totalDaysMoved: number;
  /** Current due date minus the original one, in days (negative if brought forward). */
  readonly netDaysMoved: number;

  readonly percentComplete: number;
  /** Confidence of the latest progress report; null before the first. */
  readonly confidence: Confidence | null;
  readonly lastProgressNote: string | null;
  readonly progressReportCount: number;
  /** Off-track reports in a row, counting back from the latest: 2 lets the chaser escalate. */
  readonly consecutiveOffTrack: number;

  readonly evidence: readonly EvidenceItem[];

  readonly completionSummary: string | null;
  readonly verificationNote: string | null;
  readonly rejectionCount: number;
  readonly lastRejectionReason: string | null;
  readonly cancellationReason: string | null;

  /** 0 = never escalated; otherwise the level of the latest escalation. Only ever rises. */
  readonly escalationLevel: number;
  readonly escalatedToBoardId: string | null;
  readonly escalationReason: EscalationReason | null;
  /** True from an escalation until the board it went to records a decision on the action. */
  readonly awaitingBoardDecision: boolean;
  readonly boardDecisions: readonly BoardDecisionRecord[];

  readonly remindersSent: readonly ReminderRecord[];
  /** Due dates for which ActionBecameOverdue has been recorded. */
  readonly overdueRecordedFor: readonly string[];
}

export type ActionState = UnraisedAction | RaisedAction;

export const initialActionState: ActionState = Object.freeze({ status: 'none' });

export function isRaised(state: ActionState): state is RaisedAction {
  return state.status !== 'none';
}

/** Closed and cancelled actions accept no command. */
export function isTerminal(state: ActionState): boolean {
  return state.status === 'closed' || state.status === 'cancelled';
}

/**
 * Chased = reminders and overdue detection apply: open, or raised with a due date
 * (domain.md: "open (or raised with a due date)"). Completed actions are not chased.
 */
export function isChased(state: ActionState): state is RaisedAction & { dueDate: string } {
  return (
    isRaised(state) &&
    state.dueDate !== null &&
    (state.status === 'open' || state.status === 'raised')
  );
}

/** Overdue: chased and `today` (Europe/London, YYYY-MM-DD) is after the due date. */
export function isActionOverdue(state: ActionState, today: string): boolean {
  return isChased(state) && isOverdue(state.dueDate, today);
}

/** Days overdue as of `today`; 0 when the action is not overdue. */
export function actionDaysOverdue(state: ActionState, today: string): number {
  return isChased(state) && isOverdue(state.dueDate, today) ? daysPast(state.dueDate, today) : 0;
}

export function hasReminderBeenSent(
  state: ActionState,
  key: { kind: ReminderKind; dueDate: string; sequence: number },
): boolean {
  return (
    isRaised(state) &&
    state.remindersSent.some(
      (r) => r.kind === key.kind && r.dueDate === key.dueDate && r.sequence === key.sequence,
    )
  );
}

/** True when ActionBecameOverdue is already recorded for the current due date. */
export function isOverdueRecorded(state: ActionState): boolean {
  return (
    isRaised(state) && state.dueDate !== null && state.overdueRecordedFor.includes(state.dueDate)
  );
}

/** The owner's subject id, for "owners act on actions they own" checks. */
export function isOwnedBy(state: ActionState, subjectId: string): boolean {
  return isRaised(state) && state.owner !== null && state.owner.id === subjectId;
}

function openIfReady(state: RaisedAction): RaisedAction {
  return state.status === 'raised' && state.owner !== null && state.dueDate !== null
    ? { ...state, status: 'open' }
    : state;
}

/**
 * Fold one event into the state. Pure and total: it trusts the stored facts (the decider
 * already checked the rules) and ignores events that cannot apply (anything before ActionRaised).
 */
export function evolveAction(state: ActionState, event: ActionEvent): ActionState {
  if (event.type === 'ActionRaised') {
    if (isRaised(state)) return state;
    const d = event.data;
    return {
      status: 'raised',
      actionId: d.actionId,
      planId: d.planId,
      ref: d.ref,
      title: d.title,
      description: d.description,
      qualityStatement: d.qualityStatement,
      priority: d.priority,
      source: d.source,
      owner: null,
      dueDate: null,
      originalDueDate: null,
      dueDateHistory: [],
      dueDateChangeCount: 0,
      totalDaysMoved: 0,
      netDaysMoved: 0,
      percentComplete: 0,
      confidence: null,
      lastProgressNote: null,
      progressReportCount: 0,
      consecutiveOffTrack: 0,
      evidence: [],
      completionSummary: null,
      verificationNote: null,
      rejectionCount: 0,
      lastRejectionReason: null,
      cancellationReason: null,
      escalationLevel: 0,
      escalatedToBoardId: null,
      escalationReason: null,
      awaitingBoardDecision: false,
      boardDecisions: [],
      remindersSent: [],
      overdueRecordedFor: [],
    };
  }
  if (!isRaised(state)) return state;

  switch (event.type) {
    case 'OwnerAssigned':
      return openIfReady({ ...state, owner: event.data.owner });

    case 'DueDateSet': {
      const { dueDate, previousDueDate, reason } = event.data;
      const replanned = previousDueDate !== null;
      const moved = replanned ? daysBetween(previousDueDate, dueDate) : 0;
      const originalDueDate = state.originalDueDate ?? dueDate;
      return openIfReady({
        ...state,
        dueDate,
        originalDueDate,
        dueDateHistory: [...state.dueDateHistory, { dueDate, previousDueDate, reason }],
        dueDateChangeCount: state.dueDateChangeCount + (replanned ? 1 : 0),
        totalDaysMoved: state.totalDaysMoved + Math.abs(moved),
        netDaysMoved: daysBetween(originalDueDate, dueDate),
      });
    }

    case 'ProgressReported':
      return {
        ...state,
        percentComplete: event.data.percentComplete,
        confidence: event.data.confidence,
        lastProgressNote: event.data.note,
        progressReportCount: state.progressReportCount + 1,
        consecutiveOffTrack:
          event.data.confidence === 'off-track' ? state.consecutiveOffTrack + 1 : 0,
      };

    case 'EvidenceAdded':
      return { ...state, evidence: [...state.evidence, { ...event.data }] };

    case 'ActionCompleted':
      return { ...state, status: 'completed', completionSummary: event.data.summary };

    case 'CompletionVerified':
      return { ...state, status: 'closed', verificationNote: event.data.note };

    case 'CompletionRejected':
      return {
        ...state,
        status: 'open',
        rejectionCount: state.rejectionCount + 1,
        lastRejectionReason: event.data.reason,
      };

    case 'ActionCancelled':
      return { ...state, status: 'cancelled', cancellationReason: event.data.reason };

    case 'ReminderSent': {
      const { kind, dueDate, sequence } = event.data;
      return { ...state, remindersSent: [...state.remindersSent, { kind, dueDate, sequence }] };
    }

    case 'ActionBecameOverdue':
      return state.overdueRecordedFor.includes(event.data.dueDate)
        ? state
        : { ...state, overdueRecordedFor: [...state.overdueRecordedFor, event.data.dueDate] };

    case 'ActionEscalated':
      return {
        ...state,
        escalationLevel: Math.max(state.escalationLevel, event.data.toLevel),
        escalatedToBoardId: event.data.boardId,
        escalationReason: event.data.reason,
        awaitingBoardDecision: true,
      };

    case 'BoardDecisionRecorded':
      return {
        ...state,
        awaitingBoardDecision:
          state.awaitingBoardDecision && event.data.boardId !== state.escalatedToBoardId,
        boardDecisions: [...state.boardDecisions, { ...event.data }],
      };

    default: {
      // A newer event type this code does not know: ignore it rather than fail a replay.
      const _unknown: never = event;
      return state;
    }
  }
}
