import {
  daysBetween,
  evolveAction,
  initialActionState,
  isActionEventType,
  isChased,
  isRaised,
  londonDateOf,
  type ActionEvent,
  type ActionState,
} from '@asc/domain';
import {
  type ActionHistoryEvent,
  type ActionReportFold,
  type ReportChange,
} from './board-report.types';

/**
 * The shape of ActionReportFold and what foldActionReportEvent computes. Stored snapshots of an
 * older version are ignored and rebuilt: bump it when this file or evolveAction changes what a
 * fold holds (a test pins evolveAction's output to this number, see action-report-fold.spec.ts).
 */
export const ACTION_REPORT_FOLD_VERSION = 1;

export const initialActionReportFold: ActionReportFold = Object.freeze({
  state: initialActionState,
  version: -1,
  escalatedAt: null,
  chaseChangedOn: null,
  chaseChanges: [],
  changes: [],
});

/** The due date an action is chased against; null when it is not chased. */
function chasedDueDate(state: ActionState): string | null {
  return isChased(state) ? state.dueDate : null;
}

/**
 * Folds one more event (the next stream version) into the fold. Types that are not action events
 * move the version only. Pure; `recordedAt` must be a valid instant.
 */
export function foldActionReportEvent(
  fold: ActionReportFold,
  event: ActionHistoryEvent,
): ActionReportFold {
  return foldActionReportEventEvolved(fold, event, undefined);
}

/**
 * foldActionReportEvent when the caller already holds `evolved`, `evolveAction(fold.state, event)`
 * (the action register folds the same events during a rebuild), so it is not computed twice;
 * undefined computes it.
 */
export function foldActionReportEventEvolved(
  fold: ActionReportFold,
  event: ActionHistoryEvent,
  evolved: ActionState | undefined,
): ActionReportFold {
  if (!isActionEventType(event.type)) return { ...fold, version: event.version };
  // The type is known; the data is a stored fact the decider already checked. evolveAction and
  // changeOf read only the type and the data: no copy of them per event.
  const e = event as unknown as ActionEvent;
  const prior = fold.state;
  const state = evolved ?? evolveAction(prior, e);
  const at = event.recordedAt;
  let { escalatedAt, chaseChangedOn, chaseChanges, changes } = fold;
  const change = changeOf(e, prior, at);
  if (change) changes = [...changes, change];
  if (e.type === 'ActionEscalated') escalatedAt = at;
  const chased = chasedDueDate(state);
  if (chased !== chasedDueDate(prior)) {
    // The London date only when something is recorded: most events (progress) record nothing.
    chaseChangedOn = londonDateOf(at);
    chaseChanges = [...chaseChanges, { on: chaseChangedOn, chasedDueDate: chased }];
  }
  return { state, version: event.version, escalatedAt, chaseChangedOn, chaseChanges, changes };
}

function changeOf(e: ActionEvent, prior: ActionState, at: string): ReportChange | undefined {
  switch (e.type) {
    case 'ActionRaised':
      return isRaised(prior) ? undefined : { kind: 'raised', on: londonDateOf(at), at };
    case 'CompletionVerified':
      return { kind: 'closed', on: londonDateOf(at), at, note: e.data.note };
    case 'DueDateSet': {
      const { dueDate, previousDueDate, reason } = e.data;
      if (previousDueDate === null || dueDate <= previousDueDate) return undefined;
      return {
        kind: 'replanned',
        on: londonDateOf(at),
        at,
        fromDueDate: previousDueDate,
        toDueDate: dueDate,
        days: daysBetween(previousDueDate, dueDate),
        reason,
      };
    }
    case 'ActionEscalated':
      return {
        kind: 'escalated',
        on: londonDateOf(at),
        at,
        fromLevel: e.data.fromLevel,
        toLevel: e.data.toLevel,
        boardId: e.data.boardId,
        reason: e.data.reason,
        daysOverdue: e.data.daysOverdue,
      };
    default:
      return undefined;
  }
}

/** The due date the action was chased against at the end of London date `day` (null: not chased). */
export function chasedDueDateOn(fold: ActionReportFold, day: string): string | null {
  let chased: string | null = null;
  for (const c of fold.chaseChanges) if (c.on <= day) chased = c.chasedDueDate;
  return chased;
}
