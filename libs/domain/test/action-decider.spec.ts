import {
  ACTION_COMMAND_TYPES,
  ACTION_EVENT_SCHEMA_VERSIONS,
  ACTION_EVENT_TYPES,
  ACTION_RULE_IDS,
  BOARD_EXTENSION_DEFAULT_REASON,
  INPUT_RULE_IDS,
  actionDecider,
  actionStreamName,
  evolveAction,
  initialActionState,
  isRaised,
  type ActionCommand,
  type ActionEvent,
  type ActionState,
  type RaisedAction,
} from '@asc/domain';
import {
  ACTION_ID,
  DUE,
  LEAD,
  PLAN_ID,
  alice,
  base,
  bob,
  cancelledAction,
  closedAction,
  completedAction,
  dueDateSet,
  oneOfEveryCommand,
  openAction,
  ownerAssigned,
  progress,
  raised,
} from './action-fixtures';
import { scenarios } from './given-when-then';

const { given, refused, emitted } = scenarios(actionDecider);

function raisedState(state: ActionState): RaisedAction {
  if (!isRaised(state)) throw new Error('expected a raised action');
  return state;
}

const raiseCommand = {
  type: 'RaiseAction' as const,
  ...base(),
  planId: PLAN_ID,
  ref: 'QS7-01',
  title: 'Reduce safeguarding waiting lists',
  qualityStatement: 'QS7',
  priority: 'medium' as const,
  source: { kind: 'self-assessment', reference: 'Theme 3 – Safeguarding' },
};

describe('action events', () => {
  it('lists every event type of domain.md with explicit names and schemaVersion 1', () => {
    expect(ACTION_EVENT_TYPES).toEqual([
      'ActionRaised',
      'OwnerAssigned',
      'DueDateSet',
      'ProgressReported',
      'EvidenceAdded',
      'ActionCompleted',
      'CompletionVerified',
      'CompletionRejected',
      'ActionCancelled',
      'ReminderSent',
      'ActionBecameOverdue',
      'ActionEscalated',
      'BoardDecisionRecorded',
    ]);
    for (const type of ACTION_EVENT_TYPES) expect(ACTION_EVENT_SCHEMA_VERSIONS[type]).toBe(1);
    expect(actionStreamName(ACTION_ID)).toBe(`action-${ACTION_ID}`);
    expect(ACTION_COMMAND_TYPES).toHaveLength(13);
  });
});

describe('raising an action', () => {
  it('records ActionRaised with the quality statement as its code', () => {
    given()
      .when({ ...raiseCommand, qualityStatement: 'safeguarding' })
      .then([raised]);
  });

  it('fills in defaults: ref from the id, no description, a manual source', () => {
    const state = given()
      .when({
        type: 'RaiseAction',
        ...base(),
        planId: PLAN_ID,
        title: '  Embed MSP  ',
        qualityStatement: 'Safe Systems, pathways',
        priority: 'high',
      })
      .then([
        {
          type: 'ActionRaised',
          data: {
            actionId: ACTION_ID,
            planId: PLAN_ID,
            ref: 'A-0b6f7a52',
            title: 'Embed MSP',
            description: null,
            qualityStatement: 'QS6',
            priority: 'high',
            source: { kind: 'manual', reference: null },
          },
        },
      ]);
    expect(raisedState(state).status).toBe('raised');
  });

  it('with an owner and a due date also assigns and dates it, and it is open', () => {
    const state = given()
      .when({ ...raiseCommand, owner: alice, dueDate: DUE })
      .then([raised, ownerAssigned(alice), dueDateSet(DUE)]);
    expect(raisedState(state).status).toBe('open');
  });

  it('refuses to raise the same action twice', () => {
    given(raised).when(raiseCommand).thenRefuses('action-already-raised');
    given(...closedAction)
      .when(raiseCommand)
      .thenRefuses('action-already-raised');
  });

  it('validates what it is given', () => {
    given()
      .when({ ...raiseCommand, actionId: ' ' })
      .thenRefuses('action-id-required', 'actionId');
    given()
      .when({ ...raiseCommand, planId: '' })
      .thenRefuses('plan-id-required', 'planId');
    given()
      .when({ ...raiseCommand, title: '   ' })
      .thenRefuses('title-required', 'title');
    given()
      .when({ ...raiseCommand, ref: 42 as unknown as string })
      .thenRefuses('invalid-ref', 'ref');
    given()
      .when({ ...raiseCommand, description: {} as unknown as string })
      .thenRefuses('invalid-description', 'description');
    given()
      .when({ ...raiseCommand, qualityStatement: 'Ensuring Safety' })
      .thenRefuses('unknown-quality-statement', 'qualityStatement');
    given()
      .when({ ...raiseCommand, priority: 'urgent' as 'high' })
      .thenRefuses('invalid-priority', 'priority');
    given()
      .when({ ...raiseCommand, source: { kind: ' ' } })
      .thenRefuses('invalid-source', 'source.kind');
    given()
      .when({ ...raiseCommand, owner: { ...alice, email: 'not-an-email' } })
      .thenRefuses('invalid-owner', 'owner.email');
    given()
      .when({ ...raiseCommand, dueDate: '2025-02-30' })
      .thenRefuses('invalid-date', 'dueDate');
  });

  it('needs a real instant and an actor on every command', () => {
    given()
      .when({ ...raiseCommand, now: '2025-03-03 09:00' })
      .thenRefuses('invalid-instant', 'now');
    given()
      .when({ ...raiseCommand, now: '2025-03-03T09:00:00' })
      .thenRefuses('invalid-instant');
    given()
      .when({ ...raiseCommand, actor: '' })
      .thenRefuses('actor-required', 'actor');
  });
});

describe('every command but RaiseAction needs a raised action', () => {
  it.each(oneOfEveryCommand().filter((c) => c.type !== 'RaiseAction'))(
    '$type before ActionRaised is refused',
    (command) => {
      given().when(command).thenRefuses('action-not-raised');
    },
  );

  it('refuses a command addressed to another action', () => {
    given(...openAction)
      .when({ type: 'CancelAction', ...base(), actionId: 'other', reason: 'x' })
      .thenRefuses('action-id-mismatch', 'actionId');
  });

  it('refuses a command type it does not know', () => {
    given(...openAction)
      .when({ type: 'ReopenAction', ...base() } as unknown as ActionCommand)
      .thenRefuses('unknown-command');
  });
});

describe('raised → open', () => {
  it('stays raised with only an owner', () => {
    const state = given(raised)
      .when({ type: 'AssignOwner', ...base(), owner: alice })
      .then([ownerAssigned(alice)]);
    expect(raisedState(state).status).toBe('raised');
  });

  it('stays raised with only a due date', () => {
    const state = given(raised)
      .when({ type: 'SetDueDate', ...base(), dueDate: DUE })
      .then([dueDateSet(DUE)]);
    expect(raisedState(state).status).toBe('raised');
  });

  it('opens once it has an owner AND a due date, in either order', () => {
    const a = given(raised, ownerAssigned(alice))
      .when({ type: 'SetDueDate', ...base(), dueDate: DUE })
      .state();
    const b = given(raised, dueDateSet(DUE))
      .when({ type: 'AssignOwner', ...base(), owner: alice })
      .state();
    expect(raisedState(a).status).toBe('open');
    expect(raisedState(b).status).toBe('open');
  });
});

describe('owner', () => {
  it('records the previous owner when the owner changes', () => {
    const state = given(...openAction)
      .when({ type: 'AssignOwner', ...base(), owner: bob })
      .then([ownerAssigned(bob, 'alice')]);
    expect(raisedState(state).owner).toEqual(bob);
  });

  it('records null as previous owner for the first owner', () => {
    given(raised)
      .when({ type: 'AssignOwner', ...base(), owner: alice })
      .then([ownerAssigned(alice, null)]);
  });

  it('refuses to assign the same owner again', () => {
    given(...openAction)
      .when({ type: 'AssignOwner', ...base(), owner: alice })
      .thenRefuses('owner-unchanged');
  });

  it('accepts corrected details of the same person', () => {
    const renamed = { ...alice, name: 'Alice Smith-Jones' };
    given(...openAction)
      .when({ type: 'AssignOwner', ...base(), owner: renamed })
      .then([ownerAssigned(renamed, 'alice')]);
  });

  it('needs an id, a name and an email', () => {
    given(raised)
      .when({ type: 'AssignOwner', ...base(), owner: { ...alice, id: '' } })
      .thenRefuses('invalid-owner', 'owner.id');
    given(raised)
      .when({ type: 'AssignOwner', ...base(), owner: { ...alice, name: ' ' } })
      .thenRefuses('invalid-owner', 'owner.name');
    given(raised)
      .when({ type: 'AssignOwner', ...base(), owner: undefined as unknown as typeof alice })
      .thenRefuses('invalid-owner', 'owner.id');
  });
});

describe('due dates', () => {
  it('sets a first due date without a reason', () => {
    given(raised, ownerAssigned(alice))
      .when({ type: 'SetDueDate', ...base(), dueDate: DUE })
      .then([dueDateSet(DUE)]);
  });

  it('re-plans with a reason and records the previous date', () => {
    const state = given(...openAction)
      .when({ type: 'SetDueDate', ...base(), dueDate: '2025-04-30', reason: '  Staff sickness ' })
      .then([dueDateSet('2025-04-30', DUE, 'Staff sickness')]);
    expect(raisedState(state).dueDate).toBe('2025-04-30');
  });

  it('refuses to change a set date without a reason', () => {
    given(...openAction)
      .when({ type: 'SetDueDate', ...base(), dueDate: '2025-04-30' })
      .thenRefuses('due-date-change-requires-reason', 'reason');
    given(...openAction)
      .when({ type: 'SetDueDate', ...base(), dueDate: '2025-04-30', reason: '   ' })
      .thenRefuses('due-date-change-requires-reason');
  });

  it('refuses a "change" to the same date', () => {
    given(...openAction)
      .when({ type: 'SetDueDate', ...base(), dueDate: DUE, reason: 'x' })
      .thenRefuses('due-date-unchanged');
  });

  it('refuses impossible dates', () => {
    given(...openAction)
      .when({ type: 'SetDueDate', ...base(), dueDate: '2025-02-30', reason: 'x' })
      .thenRefuses('invalid-date', 'dueDate');
    given(...openAction)
      .when({ type: 'SetDueDate', ...base(), dueDate: '31/03/2025', reason: 'x' })
      .thenRefuses('invalid-date');
  });

  it('refuses to date a completed action', () => {
    given(...completedAction)
      .when({ type: 'SetDueDate', ...base(), dueDate: '2025-04-30', reason: 'x' })
      .thenRefuses('due-date-requires-raised-or-open-action');
  });

  it('tracks drift: how often and how far the date moved', () => {
    const state = raisedState(
      given(
        ...openAction,
        dueDateSet('2025-04-30', DUE, 'a'),
        dueDateSet('2025-04-20', '2025-04-30', 'b'),
      )
        .when({ type: 'SetDueDate', ...base(), dueDate: '2025-06-01', reason: 'c' })
        .state(),
    );
    expect(state.originalDueDate).toBe(DUE);
    expect(state.dueDateChangeCount).toBe(3);
    expect(state.totalDaysMoved).toBe(30 + 10 + 42);
    expect(state.netDaysMoved).toBe(62);
    expect(state.dueDateHistory.map((h) => h.dueDate)).toEqual([
      DUE,
      '2025-04-30',
      '2025-04-20',
      '2025-06-01',
    ]);
  });
});

describe('progress', () => {
  const report = (
    percentComplete: number,
    confidence = 'on-track',
    note: unknown = 'ok',
  ): ActionCommand =>
    ({ type: 'ReportProgress', ...base(), percentComplete, confidence, note }) as ActionCommand;

  it('is recorded on an open action', () => {
    const state = given(...openAction)
      .when(report(40, 'at-risk', 'Recruiting'))
      .then([progress(40, 'at-risk', 'Recruiting')]);
    expect(raisedState(state)).toMatchObject({
      percentComplete: 40,
      confidence: 'at-risk',
      progressReportCount: 1,
    });
  });

  it('accepts 0 and 100 and an empty note', () => {
    given(...openAction)
      .when(report(0, 'on-track', ''))
      .then([progress(0, 'on-track', '')]);
    given(...openAction)
      .when(report(100, 'on-track', null))
      .then([progress(100, 'on-track', '')]);
  });

  it('only on open actions', () => {
    given(raised, ownerAssigned(alice))
      .when(report(10))
      .thenRefuses('progress-requires-open-action');
    given(...completedAction)
      .when(report(10))
      .thenRefuses('progress-requires-open-action');
  });

  it('percent is a whole number 0–100', () => {
    for (const bad of [-1, 101, 50.5, Number.NaN, '50' as unknown as number]) {
      given(...openAction)
        .when(report(bad))
        .thenRefuses('percent-complete-out-of-range', 'percentComplete');
    }
  });

  it('confidence is on-track, at-risk or off-track', () => {
    given(...openAction)
      .when(report(10, 'green'))
      .thenRefuses('invalid-confidence', 'confidence');
  });

  it('the note is text', () => {
    given(...openAction)
      .when(report(10, 'on-track', 7))
      .thenRefuses('invalid-note', 'note');
  });

  it('counts off-track reports in a row so the chaser can escalate', () => {
    const afterTwo = raisedState(
      given(...openAction, progress(10, 'off-track'))
        .when(report(10, 'off-track'))
        .state(),
    );
    expect(afterTwo.consecutiveOffTrack).toBe(2);
    const broken = raisedState(
      given(...openAction, progress(10, 'off-track'), progress(20, 'at-risk'))
        .when(report(20, 'off-track'))
        .state(),
    );
    expect(broken.consecutiveOffTrack).toBe(1);
    const reset = raisedState(
      given(...openAction, progress(10, 'off-track'), progress(10, 'off-track'))
        .when(report(30))
        .state(),
    );
    expect(reset.consecutiveOffTrack).toBe(0);
  });
});

describe('evidence', () => {
  const sha = 'A'.repeat(64);
  it('is linked with a title, a uri and an optional sha256 (stored lower case)', () => {
    const state = given(...openAction)
      .when({
        type: 'AddEvidence',
        ...base(),
        title: 'QA audit',
        uri: 'https://docs/qa.pdf',
        sha256: sha,
      })
      .then([
        {
          type: 'EvidenceAdded',
          data: { title: 'QA audit', uri: 'https://docs/qa.pdf', sha256: 'a'.repeat(64) },
        },
      ]);
    expect(raisedState(state).evidence).toHaveLength(1);
  });

  it('can be added to a completed action awaiting sign-off', () => {
    given(...completedAction)
      .when({ type: 'AddEvidence', ...base(), title: 'Report', uri: 'https://docs/r.pdf' })
      .then([
        {
          type: 'EvidenceAdded',
          data: { title: 'Report', uri: 'https://docs/r.pdf', sha256: null },
        },
      ]);
  });

  it('needs a title, a uri and a valid sha256', () => {
    given(...openAction)
      .when({ type: 'AddEvidence', ...base(), title: '', uri: 'u' })
      .thenRefuses('evidence-requires-title', 'title');
    given(...openAction)
      .when({ type: 'AddEvidence', ...base(), title: 't', uri: ' ' })
      .thenRefuses('evidence-requires-uri', 'uri');
    given(...openAction)
      .when({ type: 'AddEvidence', ...base(), title: 't', uri: 'u', sha256: 'abc' })
      .thenRefuses('invalid-sha256', 'sha256');
  });
});

describe('completion, verification, rejection', () => {
  it('completes an open action', () => {
    const state = given(...openAction)
      .when({ type: 'CompleteAction', ...base(), summary: 'Waiting list cleared' })
      .then([{ type: 'ActionCompleted', data: { summary: 'Waiting list cleared' } }]);
    expect(raisedState(state).status).toBe('completed');
  });

  it('completes only an open action', () => {
    given(raised)
      .when({ type: 'CompleteAction', ...base(), summary: 's' })
      .thenRefuses('complete-requires-open-action');
    given(...completedAction)
      .when({ type: 'CompleteAction', ...base(), summary: 's' })
      .thenRefuses('complete-requires-open-action');
  });

  it('needs a summary', () => {
    given(...openAction)
      .when({ type: 'CompleteAction', ...base(), summary: ' ' })
      .thenRefuses('completion-requires-summary', 'summary');
  });

  it('verifying a completed action closes it', () => {
    const state = given(...completedAction)
      .when({ type: 'VerifyCompletion', ...base(), note: 'Checked against Mosaic report' })
      .then([{ type: 'CompletionVerified', data: { note: 'Checked against Mosaic report' } }]);
    expect(raisedState(state).status).toBe('closed');
    given(...completedAction)
      .when({ type: 'VerifyCompletion', ...base() })
      .then([{ type: 'CompletionVerified', data: { note: '' } }]);
  });

  it('verifies only a completed action', () => {
    given(...openAction)
      .when({ type: 'VerifyCompletion', ...base(), note: 'x' })
      .thenRefuses('verify-requires-completed-action');
    given(raised)
      .when({ type: 'VerifyCompletion', ...base(), note: 'x' })
      .thenRefuses('verify-requires-completed-action');
  });

  it('rejecting a completion opens the action again', () => {
    const state = given(...completedAction)
      .when({ type: 'RejectCompletion', ...base(), reason: 'No evidence of impact' })
      .then([{ type: 'CompletionRejected', data: { reason: 'No evidence of impact' } }]);
    expect(raisedState(state)).toMatchObject({
      status: 'open',
      rejectionCount: 1,
      lastRejectionReason: 'No evidence of impact',
    });
  });

  it('rejects only a completed action, with a reason', () => {
    given(...openAction)
      .when({ type: 'RejectCompletion', ...base(), reason: 'x' })
      .thenRefuses('reject-requires-completed-action');
    given(...completedAction)
      .when({ type: 'RejectCompletion', ...base(), reason: '' })
      .thenRefuses('rejection-requires-reason', 'reason');
  });
});

describe('cancellation and the terminal states', () => {
  const cancel = { type: 'CancelAction' as const, ...base(), reason: 'Merged into QS7-02' };
  const cancelled: ActionEvent = {
    type: 'ActionCancelled',
    data: { reason: 'Merged into QS7-02' },
  };

  it.each([
    ['raised', [raised]],
    ['open', openAction],
    ['completed', completedAction],
  ])('cancels a %s action', (_name, history) => {
    const state = given(...(history as ActionEvent[]))
      .when(cancel)
      .then([cancelled]);
    expect(raisedState(state)).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'Merged into QS7-02',
    });
  });

  it('needs a reason', () => {
    given(...openAction)
      .when({ ...cancel, reason: '  ' })
      .thenRefuses('cancellation-requires-reason', 'reason');
  });

  it.each(oneOfEveryCommand().filter((c) => c.type !== 'RaiseAction'))(
    'a closed action refuses $type',
    (command) => {
      given(...closedAction)
        .when(command)
        .thenRefuses('action-is-closed');
    },
  );

  it.each(oneOfEveryCommand().filter((c) => c.type !== 'RaiseAction'))(
    'a cancelled action refuses $type',
    (command) => {
      given(...cancelledAction)
        .when(command)
        .thenRefuses('action-is-cancelled');
    },
  );
});

describe('escalation', () => {
  const escalate = (
    toLevel: number,
    reason = 'manual',
    boardId = 'performance-clinic',
    now = '2025-04-20T10:00:00+01:00',
  ) => ({ type: 'EscalateAction', ...base(now), boardId, toLevel, reason }) as ActionCommand;
  const escalated = (
    fromLevel: number,
    toLevel: number,
    reason: string,
    daysOverdue: number,
    boardId = 'performance-clinic',
  ): ActionEvent =>
    ({
      type: 'ActionEscalated',
      data: { fromLevel, toLevel, boardId, reason, daysOverdue },
    }) as ActionEvent;

  it('raises a late action to a board, counting days overdue in Europe/London', () => {
    const state = given(...openAction)
      .when(escalate(1, 'overdue'))
      .then([escalated(0, 1, 'overdue', 20)]);
    expect(raisedState(state)).toMatchObject({
      escalationLevel: 1,
      escalatedToBoardId: 'performance-clinic',
      escalationReason: 'overdue',
      awaitingBoardDecision: true,
    });
  });

  it('manual escalation works without a due date and counts 0 days overdue', () => {
    given(raised)
      .when(escalate(2, 'manual', 'qapi-board'))
      .then([escalated(0, 2, 'manual', 0, 'qapi-board')]);
  });

  it('levels only go up', () => {
    const history = [...openAction, escalated(0, 2, 'manual', 0, 'qapi-board')];
    given(...history)
      .when(escalate(2, 'manual', 'qapi-board'))
      .thenRefuses('escalation-level-must-rise', 'toLevel');
    given(...history)
      .when(escalate(1))
      .thenRefuses('escalation-level-must-rise');
    given(...history)
      .when(escalate(3, 'manual', 'health-asc-oversight-board'))
      .then([escalated(2, 3, 'manual', 20, 'health-asc-oversight-board')]);
  });

  it('must name a board and a real level and reason', () => {
    given(...openAction)
      .when(escalate(1, 'manual', ' '))
      .thenRefuses('escalation-requires-board', 'boardId');
    given(...openAction)
      .when(escalate(0))
      .thenRefuses('invalid-escalation-level', 'toLevel');
    given(...openAction)
      .when(escalate(1.5))
      .thenRefuses('invalid-escalation-level');
    given(...openAction)
      .when(escalate(1, 'late'))
      .thenRefuses('invalid-escalation-reason', 'reason');
  });

  it('an overdue escalation needs an overdue action', () => {
    given(...openAction)
      .when(escalate(1, 'overdue', 'performance-clinic', '2025-03-31T22:59:59Z'))
      .thenRefuses('overdue-escalation-requires-overdue-action');
    given(...completedAction)
      .when(escalate(1, 'overdue'))
      .thenRefuses('overdue-escalation-requires-overdue-action');
    // 23:00 UTC on 31 March 2025 is midnight BST on 1 April: overdue by one day.
    given(...openAction)
      .when(escalate(1, 'overdue', 'performance-clinic', '2025-03-31T23:00:00Z'))
      .then([escalated(0, 1, 'overdue', 1)]);
  });

  it('an off-track escalation needs an off-track latest report', () => {
    given(...openAction, progress(10, 'off-track'), progress(10, 'on-track'))
      .when(escalate(1, 'off-track'))
      .thenRefuses('off-track-escalation-requires-off-track-report');
    given(...openAction, progress(10, 'off-track'), progress(10, 'off-track'))
      .when(escalate(1, 'off-track', 'performance-clinic', '2025-03-10T09:00:00Z'))
      .then([escalated(0, 1, 'off-track', 0)]);
  });
});

describe('board decisions', () => {
  const decide = (decision: string, extra: Record<string, unknown> = {}) =>
    ({
      type: 'RecordBoardDecision',
      ...base('2025-04-20T10:00:00+01:00'),
      boardId: 'qapi-board',
      decision,
      note: 'Minute 4.2',
      meetingDate: '2025-04-17',
      ...extra,
    }) as ActionCommand;
  const recorded = (decision: string, note = 'Minute 4.2', boardId = 'qapi-board'): ActionEvent =>
    ({
      type: 'BoardDecisionRecorded',
      data: { boardId, decision, note, meetingDate: '2025-04-17' },
    }) as ActionEvent;

  it('note and accept-risk just record the decision', () => {
    given(...openAction)
      .when(decide('note'))
      .then([recorded('note')]);
    given(...openAction)
      .when(decide('accept-risk'))
      .then([recorded('accept-risk')]);
  });

  it('extend records the decision, then the new due date with the note as reason', () => {
    const state = given(...openAction)
      .when(decide('extend', { newDueDate: '2025-06-30' }))
      .then([recorded('extend'), dueDateSet('2025-06-30', DUE, 'Minute 4.2')]);
    expect(raisedState(state).dueDate).toBe('2025-06-30');
    given(...openAction)
      .when(decide('extend', { newDueDate: '2025-06-30', note: null }))
      .then([
        recorded('extend', ''),
        dueDateSet('2025-06-30', DUE, BOARD_EXTENSION_DEFAULT_REASON),
      ]);
  });

  it('extend requires a new, later due date on an unfinished action', () => {
    given(...openAction)
      .when(decide('extend'))
      .thenRefuses('extend-requires-new-due-date', 'newDueDate');
    given(...openAction)
      .when(decide('extend', { newDueDate: '2025-02-30' }))
      .thenRefuses('invalid-date', 'newDueDate');
    given(...openAction)
      .when(decide('extend', { newDueDate: '2025-03-01' }))
      .thenRefuses('extension-must-be-later', 'newDueDate');
    given(...openAction)
      .when(decide('extend', { newDueDate: DUE }))
      .thenRefuses('due-date-unchanged', 'newDueDate');
    given(...completedAction)
      .when(decide('extend', { newDueDate: '2025-06-30' }))
      .thenRefuses('extend-requires-raised-or-open-action');
  });

  it('reassign records the decision, then the new owner', () => {
    given(...openAction)
      .when(decide('reassign', { newOwner: bob }))
      .then([recorded('reassign'), ownerAssigned(bob, 'alice')]);
  });

  it('reassign requires a new owner', () => {
    given(...openAction)
      .when(decide('reassign'))
      .thenRefuses('reassign-requires-new-owner', 'newOwner');
    given(...openAction)
      .when(decide('reassign', { newOwner: { ...bob, email: '' } }))
      .thenRefuses('invalid-owner', 'newOwner.email');
    given(...openAction)
      .when(decide('reassign', { newOwner: alice }))
      .thenRefuses('owner-unchanged');
  });

  it('close on a completed action verifies and closes it', () => {
    const state = given(...completedAction)
      .when(decide('close'))
      .then([recorded('close'), { type: 'CompletionVerified', data: { note: 'Minute 4.2' } }]);
    expect(raisedState(state).status).toBe('closed');
  });

  it('close on an action that is not completed is refused', () => {
    given(...openAction)
      .when(decide('close'))
      .thenRefuses('close-requires-completed-action', 'decision');
    given(raised).when(decide('close')).thenRefuses('close-requires-completed-action');
  });

  it('needs a board, a known decision and a real meeting date', () => {
    given(...openAction)
      .when(decide('note', { boardId: '' }))
      .thenRefuses('decision-requires-board', 'boardId');
    given(...openAction)
      .when(decide('defer'))
      .thenRefuses('invalid-board-decision', 'decision');
    given(...openAction)
      .when(decide('note', { meetingDate: '2025-04-31' }))
      .thenRefuses('invalid-date', 'meetingDate');
  });

  it('a decision by the board it was escalated to ends "awaiting a decision"; another board does not', () => {
    const escalatedToQapi: ActionEvent = {
      type: 'ActionEscalated',
      data: { fromLevel: 1, toLevel: 2, boardId: 'qapi-board', reason: 'overdue', daysOverdue: 28 },
    };
    const other = raisedState(
      given(...openAction, escalatedToQapi)
        .when(decide('note', { boardId: 'performance-clinic' }))
        .state(),
    );
    expect(other.awaitingBoardDecision).toBe(true);
    const same = raisedState(
      given(...openAction, escalatedToQapi)
        .when(decide('note'))
        .state(),
    );
    expect(same.awaitingBoardDecision).toBe(false);
    expect(same.escalationLevel).toBe(2);
    expect(same.boardDecisions).toHaveLength(1);
  });
});

describe('reminders', () => {
  const sent = (kind = 'due-soon', dueDate = DUE, sequence = 1) =>
    ({
      type: 'RecordReminderSent',
      ...base(),
      kind,
      dueDate,
      sequence,
      channel: 'email',
      recipient: alice.email,
    }) as ActionCommand;
  const reminder = (kind = 'due-soon', dueDate = DUE, sequence = 1): ActionEvent =>
    ({
      type: 'ReminderSent',
      data: { kind, dueDate, sequence, channel: 'email', recipient: alice.email },
    }) as ActionEvent;

  it('records a reminder', () => {
    const state = given(...openAction)
      .when(sent())
      .then([reminder()]);
    expect(raisedState(state).remindersSent).toEqual([
      { kind: 'due-soon', dueDate: DUE, sequence: 1 },
    ]);
  });

  it('is idempotent by (kind, dueDate, sequence)', () => {
    given(...openAction, reminder())
      .when(sent())
      .thenNothing();
    given(...openAction, reminder())
      .when(sent('due-soon', DUE, 2))
      .then([reminder('due-soon', DUE, 2)]);
    given(...openAction, reminder())
      .when(sent('due'))
      .then([reminder('due')]);
  });

  it('a repeat of a reminder recorded before a re-plan is still nothing new', () => {
    given(...openAction, reminder(), dueDateSet('2025-04-30', DUE, 'x'))
      .when(sent())
      .thenNothing();
  });

  it('refuses a reminder for a date that is no longer the due date', () => {
    given(...openAction, dueDateSet('2025-04-30', DUE, 'x'))
      .when(sent())
      .thenRefuses('reminder-for-superseded-due-date', 'dueDate');
  });

  it('goes only to open actions or raised ones with a due date', () => {
    given(raised, dueDateSet(DUE)).when(sent()).then([reminder()]);
    given(raised).when(sent()).thenRefuses('reminder-requires-chased-action');
    given(...completedAction)
      .when(sent())
      .thenRefuses('reminder-requires-chased-action');
  });

  it('validates its fields', () => {
    given(...openAction)
      .when(sent('soon'))
      .thenRefuses('invalid-reminder-kind', 'kind');
    given(...openAction)
      .when(sent('due', '2025-02-29'))
      .thenRefuses('invalid-date', 'dueDate');
    given(...openAction)
      .when(sent('due', DUE, -1))
      .thenRefuses('invalid-reminder-sequence', 'sequence');
    given(...openAction)
      .when(sent('due', DUE, 1.5))
      .thenRefuses('invalid-reminder-sequence');
    given(...openAction)
      .when({ ...(sent() as object), channel: '' } as ActionCommand)
      .thenRefuses('reminder-requires-channel', 'channel');
    given(...openAction)
      .when({ ...(sent() as object), recipient: ' ' } as ActionCommand)
      .thenRefuses('reminder-requires-recipient', 'recipient');
  });
});

describe('becoming overdue', () => {
  const mark = (now: string): ActionCommand => ({ type: 'MarkOverdue', ...base(now) });
  const became = (dueDate: string, detectedAt: string): ActionEvent => ({
    type: 'ActionBecameOverdue',
    data: { dueDate, detectedAt },
  });

  it('is recorded the day after the due date (Europe/London)', () => {
    given(...openAction)
      .when(mark('2025-04-01T08:00:00+01:00'))
      .then([became(DUE, '2025-04-01T08:00:00+01:00')]);
    // 23:30 UTC on 31 March is 00:30 BST on 1 April.
    given(...openAction)
      .when(mark('2025-03-31T23:30:00Z'))
      .then([became(DUE, '2025-03-31T23:30:00Z')]);
  });

  it('is not overdue on the due date itself', () => {
    given(...openAction)
      .when(mark('2025-03-31T22:59:59Z'))
      .thenRefuses('action-not-overdue');
    given(...openAction)
      .when(mark('2025-03-01T12:00:00Z'))
      .thenRefuses('action-not-overdue');
  });

  it('at most once per due date', () => {
    given(...openAction, became(DUE, '2025-04-01T07:00:00Z'))
      .when(mark('2025-04-08T07:00:00Z'))
      .thenNothing();
  });

  it('again after a re-plan, for the new date', () => {
    given(...openAction, became(DUE, '2025-04-01T07:00:00Z'), dueDateSet('2025-04-30', DUE, 'x'))
      .when(mark('2025-05-01T07:00:00Z'))
      .then([became('2025-04-30', '2025-05-01T07:00:00Z')]);
  });

  it('only for open actions or raised ones with a due date', () => {
    given(raised, dueDateSet(DUE))
      .when(mark('2025-04-02T07:00:00Z'))
      .then([became(DUE, '2025-04-02T07:00:00Z')]);
    given(raised).when(mark('2025-04-02T07:00:00Z')).thenRefuses('overdue-requires-chased-action');
    given(...completedAction)
      .when(mark('2025-04-02T07:00:00Z'))
      .thenRefuses('overdue-requires-chased-action');
  });
});

describe('evolve', () => {
  it('ignores events before ActionRaised and a second ActionRaised', () => {
    expect(evolveAction(initialActionState, ownerAssigned(alice))).toBe(initialActionState);
    const state = evolveAction(initialActionState, raised);
    expect(evolveAction(state, { ...raised, data: { ...raised.data, title: 'Other' } })).toBe(
      state,
    );
  });

  it('ignores event types it does not know (forward compatibility)', () => {
    const state = evolveAction(initialActionState, raised);
    expect(evolveAction(state, { type: 'SomethingNew', data: {} } as unknown as ActionEvent)).toBe(
      state,
    );
  });

  it('does not mutate the state it is given', () => {
    const state = evolveAction(initialActionState, raised);
    const frozen = JSON.stringify(state);
    evolveAction(state, ownerAssigned(alice));
    evolveAction(state, { type: 'EvidenceAdded', data: { title: 't', uri: 'u', sha256: null } });
    expect(JSON.stringify(state)).toBe(frozen);
  });

  it('keeps the plan, ref, title, quality statement and priority', () => {
    const state = raisedState(evolveAction(initialActionState, raised));
    expect(state).toMatchObject({
      actionId: ACTION_ID,
      planId: PLAN_ID,
      ref: 'QS7-01',
      title: 'Reduce safeguarding waiting lists',
      qualityStatement: 'QS7',
      priority: 'medium',
    });
    expect(LEAD).toBeTruthy();
  });
});

describe('coverage of this spec', () => {
  it('exercised every action rule id', () => {
    const expected = [...ACTION_RULE_IDS, ...INPUT_RULE_IDS];
    expect(expected.filter((rule) => !refused.has(rule))).toEqual([]);
  });

  it('saw decide emit every action event type', () => {
    expect(ACTION_EVENT_TYPES.filter((type) => !emitted.has(type))).toEqual([]);
  });
});
