import {
  evolvePlan,
  initialPlanState,
  isCreated,
  type ActionEvent,
  type ActionOwner,
  type CreatedPlan,
  type PlanEvent,
  type Priority,
  type QualityStatementCode,
  type Score,
} from '@asc/domain';
import { type ActionHistory, type BoardReportInput } from '@asc/board-report';

/** Hand-built plans and action histories for the board report specs. */
export const PLAN_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
export const QAPI = 'qapi-board';
export const CLINIC = 'performance-clinic';
export const OVERSIGHT = 'health-asc-oversight-board';

export const alice: ActionOwner = { id: 'alice', name: 'Alice Smith', email: 'a@medway.gov.uk' };
export const bob: ActionOwner = { id: 'bob', name: 'Bob Jones', email: 'b@medway.gov.uk' };

export const planCreated: PlanEvent = {
  type: 'PlanCreated',
  data: {
    planId: PLAN_ID,
    authority: 'Medway Council',
    title: 'ASC improvement plan 2025–26',
    period: { from: '2025-01-01', to: '2026-03-31' },
  },
};

export function scored(
  qualityStatement: QualityStatementCode,
  score: Score,
  assessedAt = '2024-11-01',
  source: 'cqc' | 'self-assessment' = 'cqc',
): PlanEvent {
  return { type: 'QualityStatementScored', data: { qualityStatement, score, source, assessedAt } };
}

export function planWith(...events: PlanEvent[]): CreatedPlan {
  const state = [planCreated, ...events].reduce(evolvePlan, initialPlanState);
  if (!isCreated(state)) throw new Error('plan not created');
  return state;
}

/** Events of one action with their recordedAt; versions are numbered from 1. */
export function history(actionId: string, ...entries: [string, ActionEvent][]): ActionHistory {
  return {
    actionId,
    events: entries.map(([recordedAt, event], i) => ({ ...event, recordedAt, version: i + 1 })),
  };
}

export function raised(
  actionId: string,
  ref: string,
  qualityStatement: QualityStatementCode = 'QS7',
  title = `Action ${ref}`,
  priority: Priority = 'medium',
  planId = PLAN_ID,
): ActionEvent {
  return {
    type: 'ActionRaised',
    data: {
      actionId,
      planId,
      ref,
      title,
      description: null,
      qualityStatement,
      priority,
      source: { kind: 'manual', reference: null },
    },
  };
}

export const owner = (o: ActionOwner = alice): ActionEvent => ({
  type: 'OwnerAssigned',
  data: { owner: o, previousOwnerId: null },
});

export const due = (
  dueDate: string,
  previousDueDate: string | null = null,
  reason: string | null = previousDueDate === null ? null : 'Re-planned',
): ActionEvent => ({ type: 'DueDateSet', data: { dueDate, previousDueDate, reason } });

export const progress = (confidence: 'on-track' | 'at-risk' | 'off-track'): ActionEvent => ({
  type: 'ProgressReported',
  data: { percentComplete: 50, confidence, note: '' },
});

export const completed: ActionEvent = { type: 'ActionCompleted', data: { summary: 'Done' } };
export const verified: ActionEvent = { type: 'CompletionVerified', data: { note: 'Signed off' } };
export const cancelled: ActionEvent = { type: 'ActionCancelled', data: { reason: 'Withdrawn' } };

export const escalated = (
  boardId: string,
  toLevel: number,
  fromLevel = 0,
  reason: 'overdue' | 'off-track' | 'manual' = 'overdue',
  daysOverdue = 14,
): ActionEvent => ({
  type: 'ActionEscalated',
  data: { fromLevel, toLevel, boardId, reason, daysOverdue },
});

export const decided = (
  boardId: string,
  meetingDate: string,
  decision: 'note' | 'extend' | 'reassign' | 'accept-risk' | 'close' = 'note',
): ActionEvent => ({
  type: 'BoardDecisionRecorded',
  data: { boardId, decision, note: 'Minuted', meetingDate },
});

/** An open action owned by Alice: raised, owned and dated at `at`. */
export function openAction(
  actionId: string,
  ref: string,
  dueDate: string,
  at = '2025-01-10T10:00:00Z',
  qualityStatement: QualityStatementCode = 'QS7',
): [string, ActionEvent][] {
  return [
    [at, raised(actionId, ref, qualityStatement)],
    [at, owner()],
    [at, due(dueDate)],
  ];
}

export function input(overrides: Partial<BoardReportInput> = {}): BoardReportInput {
  return {
    plan: planWith(),
    boardId: QAPI,
    asOf: '2025-04-10T09:00:00+01:00',
    previousMeetingDate: null,
    actions: [],
    ...overrides,
  };
}
