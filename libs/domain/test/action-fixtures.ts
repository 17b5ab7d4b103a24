import {
  type ActionCommand,
  type ActionEvent,
  type ActionOwner,
  type ActionRaised,
  type Confidence,
  type DueDateSet,
  type OwnerAssigned,
  type ProgressReported,
} from '@asc/domain';

/** Shared test data for the action decider specs. */
export const ACTION_ID = '0b6f7a52-3c1d-4f2e-9a8b-1c2d3e4f5a6b';
export const PLAN_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
export const NOW = '2025-03-03T09:00:00Z';
export const LEAD = 'user-lead-1';

export const alice: ActionOwner = {
  id: 'alice',
  name: 'Alice Smith',
  email: 'alice@medway.gov.uk',
};
export const bob: ActionOwner = { id: 'bob', name: 'Bob Jones', email: 'bob@medway.gov.uk' };

export const raised: ActionRaised = {
  type: 'ActionRaised',
  data: {
    actionId: ACTION_ID,
    planId: PLAN_ID,
    ref: 'QS7-01',
    title: 'Reduce safeguarding waiting lists',
    description: null,
    qualityStatement: 'QS7',
    priority: 'medium',
    source: { kind: 'self-assessment', reference: 'Theme 3 – Safeguarding' },
  },
};

export const highPriorityRaised: ActionRaised = {
  ...raised,
  data: { ...raised.data, priority: 'high' },
};

export function ownerAssigned(
  owner: ActionOwner,
  previousOwnerId: string | null = null,
): OwnerAssigned {
  return { type: 'OwnerAssigned', data: { owner, previousOwnerId } };
}

export function dueDateSet(
  dueDate: string,
  previousDueDate: string | null = null,
  reason: string | null = null,
): DueDateSet {
  return { type: 'DueDateSet', data: { dueDate, previousDueDate, reason } };
}

export function progress(
  percentComplete: number,
  confidence: Confidence,
  note = '',
): ProgressReported {
  return { type: 'ProgressReported', data: { percentComplete, confidence, note } };
}

export const DUE = '2025-03-31';

/** Raised, owned by Alice, due 31 March 2025: open. */
export const openAction: ActionEvent[] = [raised, ownerAssigned(alice), dueDateSet(DUE)];

export const completedAction: ActionEvent[] = [
  ...openAction,
  { type: 'ActionCompleted', data: { summary: 'Waiting list cleared' } },
];

export const closedAction: ActionEvent[] = [
  ...completedAction,
  { type: 'CompletionVerified', data: { note: 'Checked against Mosaic report' } },
];

export const cancelledAction: ActionEvent[] = [
  ...openAction,
  { type: 'ActionCancelled', data: { reason: 'Superseded by the safeguarding hub project' } },
];

/** The fields every action command carries. */
export function base(now = NOW): { actionId: string; now: string; actor: string } {
  return { actionId: ACTION_ID, now, actor: LEAD };
}

/** One valid example of every action command on the open action, for blanket checks. */
export function oneOfEveryCommand(): ActionCommand[] {
  const b = base('2025-04-02T09:00:00Z');
  return [
    {
      type: 'RaiseAction',
      ...b,
      planId: PLAN_ID,
      title: 'Another',
      qualityStatement: 'QS1',
      priority: 'low',
    },
    { type: 'AssignOwner', ...b, owner: bob },
    { type: 'SetDueDate', ...b, dueDate: '2025-05-01', reason: 'Resourcing' },
    { type: 'ReportProgress', ...b, percentComplete: 10, confidence: 'on-track', note: '' },
    { type: 'AddEvidence', ...b, title: 'Minutes', uri: 'https://example.org/m.pdf' },
    { type: 'CompleteAction', ...b, summary: 'Done' },
    { type: 'VerifyCompletion', ...b, note: 'ok' },
    { type: 'RejectCompletion', ...b, reason: 'Not evidenced' },
    { type: 'CancelAction', ...b, reason: 'No longer needed' },
    { type: 'EscalateAction', ...b, boardId: 'performance-clinic', toLevel: 1, reason: 'manual' },
    {
      type: 'RecordBoardDecision',
      ...b,
      boardId: 'performance-clinic',
      decision: 'note',
      note: 'Noted',
      meetingDate: '2025-04-01',
    },
    {
      type: 'RecordReminderSent',
      ...b,
      kind: 'overdue',
      dueDate: DUE,
      sequence: 1,
      channel: 'email',
      recipient: alice.email,
    },
    { type: 'MarkOverdue', ...b },
  ];
}
