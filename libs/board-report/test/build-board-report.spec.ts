import { DELIVERY_STATUSES, type ActionEvent } from '@asc/domain';
import {
  buildBoardReport,
  isBoardReportInputError,
  type ActionHistory,
  type BoardReport,
} from '@asc/board-report';
import {
  CLINIC,
  OVERSIGHT,
  PLAN_ID,
  QAPI,
  bob,
  cancelled,
  completed,
  decided,
  due,
  escalated,
  history,
  input,
  openAction,
  owner,
  planWith,
  progress,
  raised,
  scored,
  verified,
} from './board-report-fixtures';

const zeros = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0]));

function refusal(run: () => unknown): { field: string } {
  try {
    run();
  } catch (error) {
    if (isBoardReportInputError(error)) return { field: error.field };
    throw error;
  }
  throw new Error('expected a BoardReportInputError');
}

describe('buildBoardReport: header', () => {
  it('given a plan with default boards, when reported for the QAPI board, then it names board, plan and London date', () => {
    const report = buildBoardReport(input({ asOf: '2025-06-30T23:30:00Z' }));
    expect(report.board).toEqual({
      boardId: QAPI,
      name: 'Quality Assurance, Performance & Information Board',
      chair: 'DASS',
      level: 2,
    });
    expect(report.plan).toEqual({
      planId: PLAN_ID,
      authority: 'Medway Council',
      title: 'ASC improvement plan 2025–26',
    });
    expect(report.asOf).toBe('2025-06-30T23:30:00Z');
    expect(report.today).toBe('2025-07-01'); // 00:30 BST
    expect(report.previousMeetingDate).toBeNull();
  });

  it('refuses an unknown board, a bad asOf and a previous meeting after the report date', () => {
    expect(refusal(() => buildBoardReport(input({ boardId: 'nope' })))).toEqual({
      field: 'boardId',
    });
    expect(refusal(() => buildBoardReport(input({ asOf: '2025-04-10' })))).toEqual({
      field: 'asOf',
    });
    expect(refusal(() => buildBoardReport(input({ previousMeetingDate: '2025-02-30' })))).toEqual({
      field: 'previousMeetingDate',
    });
    expect(refusal(() => buildBoardReport(input({ previousMeetingDate: '2025-04-11' })))).toEqual({
      field: 'previousMeetingDate',
    });
  });

  it('given a configured board, then the configured boards replace the defaults', () => {
    const plan = planWith({
      type: 'BoardConfigured',
      data: { boardId: 'cabinet', name: 'Cabinet', chair: 'Leader', level: 3, email: null },
    });
    expect(buildBoardReport(input({ plan, boardId: 'cabinet' })).board.name).toBe('Cabinet');
    expect(refusal(() => buildBoardReport(input({ plan, boardId: QAPI })))).toEqual({
      field: 'boardId',
    });
  });
});

describe('buildBoardReport: scores and counts by delivery status', () => {
  const asOf = '2025-04-10T09:00:00+01:00';
  const actions: ActionHistory[] = [
    history('a1', ['2025-01-10T10:00:00Z', raised('a1', 'QS7-01')]),
    history('a2', ...openAction('a2', 'QS7-02', '2025-06-30'), [
      '2025-02-01T10:00:00Z',
      progress('on-track'),
    ]),
    history('a3', ...openAction('a3', 'QS7-03', '2025-06-30'), [
      '2025-02-01T10:00:00Z',
      progress('at-risk'),
    ]),
    history('a4', ...openAction('a4', 'QS7-04', '2025-03-31'), [
      '2025-02-01T10:00:00Z',
      progress('on-track'),
    ]),
    history('a5', ...openAction('a5', 'QS1-01', '2025-03-31', undefined, 'QS1'), [
      '2025-03-01T10:00:00Z',
      completed,
    ]),
    history(
      'a6',
      ...openAction('a6', 'QS1-02', '2025-03-31', undefined, 'QS1'),
      ['2025-03-01T10:00:00Z', completed],
      ['2025-03-02T10:00:00Z', verified],
    ),
    history('a7', ...openAction('a7', 'QS1-03', '2025-03-31', undefined, 'QS1'), [
      '2025-03-01T10:00:00Z',
      cancelled,
    ]),
    history('a8', ...openAction('a8', 'QS2-01', '2025-06-30', undefined, 'QS2'), [
      '2025-03-01T10:00:00Z',
      progress('off-track'),
    ]),
  ];
  const plan = planWith(
    scored('QS1', 2, '2024-11-01', 'cqc'),
    scored('QS1', 3, '2025-03-01', 'self-assessment'),
    scored('QS7', 1),
  );
  const report = buildBoardReport(input({ plan, asOf, actions }));
  const qs = (code: string) =>
    report.themes.flatMap((t) => t.qualityStatements).find((q) => q.code === code);

  it('when reported, then each quality statement counts its actions in all eight statuses, zeros included', () => {
    expect(qs('QS7')?.counts).toEqual({
      ...zeros,
      'not started': 1,
      'on track': 1,
      'at risk': 1,
      overdue: 1,
    });
    expect(Object.keys(qs('QS7')?.counts ?? {})).toEqual([...DELIVERY_STATUSES]);
    expect(qs('QS1')?.counts).toEqual({ ...zeros, completed: 1, closed: 1, cancelled: 1 });
    expect(qs('QS2')?.counts).toEqual({ ...zeros, 'off track': 1 });
    expect(qs('QS9')?.counts).toEqual(zeros);
    expect(qs('QS7')?.actionCount).toBe(4);
  });

  it('then themes add up their statements and the plan adds up everything', () => {
    expect(report.themes.map((t) => t.code)).toEqual(['T1', 'T2', 'T3', 'T4']);
    const t1 = report.themes[0];
    expect(t1?.qualityStatements.map((q) => q.code)).toEqual(['QS1', 'QS2', 'QS3']);
    expect(t1?.counts).toEqual({ ...zeros, completed: 1, closed: 1, cancelled: 1, 'off track': 1 });
    expect(t1?.actionCount).toBe(4);
    expect(report.actionCount).toBe(8);
    expect(Object.values(report.counts).reduce((a, b) => a + b, 0)).toBe(8);
  });

  it('then each statement shows its latest score in words, and the overall score of those scored', () => {
    expect(qs('QS1')?.latestScore).toEqual({
      value: 3,
      words: 'good standard',
      description: 'Evidence shows a good standard',
      source: 'self-assessment',
      assessedAt: '2025-03-01',
    });
    expect(qs('QS7')?.latestScore?.words).toBe('significant shortfalls');
    expect(qs('QS2')?.latestScore).toBeNull();
    // 3 + 1 = 4 of 8 = 50 %
    expect(report.overall).toEqual({
      percentage: 50,
      rating: 'Requires improvement',
      assessed: 2,
      complete: false,
    });
  });

  it('given nothing scored, then the overall score is empty but keeps its shape', () => {
    expect(buildBoardReport(input()).overall).toEqual({
      percentage: null,
      rating: null,
      assessed: 0,
      complete: false,
    });
  });

  it('given all nine scored, then the overall score is complete', () => {
    const codes = ['QS1', 'QS2', 'QS3', 'QS4', 'QS5', 'QS6', 'QS7', 'QS8', 'QS9'] as const;
    const all = planWith(...codes.map((c, i) => scored(c, i < 5 ? 2 : 3)));
    // 5 × 2 + 4 × 3 = 22 of 36 = 61.1 % → 61 %
    expect(buildBoardReport(input({ plan: all })).overall).toEqual({
      percentage: 61,
      rating: 'Requires improvement',
      assessed: 9,
      complete: true,
    });
  });
});

describe('buildBoardReport: escalated to this board, awaiting a decision', () => {
  const toQapi = history(
    'e1',
    ...openAction('e1', 'QS7-10', '2025-02-28'),
    ['2025-03-28T08:00:00Z', escalated(CLINIC, 1)],
    ['2025-04-03T07:15:00Z', escalated(QAPI, 2, 1)],
  );
  const toClinic = history('e2', ...openAction('e2', 'QS7-11', '2025-03-01'), [
    '2025-03-20T08:00:00Z',
    escalated(CLINIC, 1),
  ]);
  const cancelledWhileWaiting = history(
    'e3',
    ...openAction('e3', 'QS7-12', '2025-02-28'),
    ['2025-04-01T08:00:00Z', escalated(QAPI, 2, 0, 'manual', 0)],
    ['2025-04-02T08:00:00Z', cancelled],
  );

  it('given escalations to two boards, when the QAPI board reads, then it sees only its own', () => {
    const report = buildBoardReport(input({ actions: [toClinic, toQapi, cancelledWhileWaiting] }));
    expect(report.escalatedAwaitingDecision).toEqual([
      {
        actionId: 'e1',
        ref: 'QS7-10',
        title: 'Action QS7-10',
        qualityStatement: 'QS7',
        priority: 'medium',
        owner: 'Alice Smith',
        dueDate: '2025-02-28',
        deliveryStatus: 'overdue',
        escalationLevel: 2,
        daysOverdue: 41,
        escalationReason: 'overdue',
        escalatedAt: '2025-04-03T07:15:00Z',
        daysWaiting: 7,
      },
    ]);
    const clinic = buildBoardReport(input({ boardId: CLINIC, actions: [toClinic, toQapi] }));
    expect(clinic.escalatedAwaitingDecision.map((a) => a.ref)).toEqual(['QS7-11']);
  });

  it('given a decision by another board, then the action still waits for this one', () => {
    const byClinic = history(
      'e1',
      ...toQapi.events.map((e): [string, ActionEvent] => [e.recordedAt, e as ActionEvent]),
      ['2025-04-04T12:00:00Z', decided(CLINIC, '2025-04-04')],
    );
    const report = buildBoardReport(input({ actions: [byClinic] }));
    expect(report.escalatedAwaitingDecision.map((a) => a.ref)).toEqual(['QS7-10']);
  });

  it('given a decision by this board, then it disappears from the list but stays overdue', () => {
    const byQapi = history(
      'e1',
      ...toQapi.events.map((e): [string, ActionEvent] => [e.recordedAt, e as ActionEvent]),
      ['2025-04-08T12:00:00Z', decided(QAPI, '2025-04-08', 'accept-risk')],
    );
    const report = buildBoardReport(input({ actions: [byQapi] }));
    expect(report.escalatedAwaitingDecision).toEqual([]);
    expect(report.overdue.map((a) => a.ref)).toEqual(['QS7-10']);
  });

  it('given the decision comes after asOf, then on asOf it is still awaited', () => {
    const later = history(
      'e1',
      ...toQapi.events.map((e): [string, ActionEvent] => [e.recordedAt, e as ActionEvent]),
      ['2025-04-20T12:00:00Z', decided(QAPI, '2025-04-20')],
    );
    const report = buildBoardReport(input({ actions: [later] }));
    expect(report.escalatedAwaitingDecision.map((a) => a.ref)).toEqual(['QS7-10']);
  });
});

describe('buildBoardReport: overdue', () => {
  const dueBeforeClocksChange = history('o1', ...openAction('o1', 'QS7-20', '2025-03-29'));

  it('given due 29 March 2025, when asOf is 00:30 BST on 31 March, then it is 2 days overdue', () => {
    const report = buildBoardReport(
      input({ asOf: '2025-03-31T00:30:00+01:00', actions: [dueBeforeClocksChange] }),
    );
    expect(report.today).toBe('2025-03-31');
    expect(report.overdue).toEqual([
      expect.objectContaining({ ref: 'QS7-20', daysOverdue: 2, owner: 'Alice Smith' }),
    ]);
    // The same instant written in UTC: 23:30 on the 30th is already the 31st in London.
    expect(
      buildBoardReport(input({ asOf: '2025-03-30T23:30:00Z', actions: [dueBeforeClocksChange] }))
        .overdue[0]?.daysOverdue,
    ).toBe(2);
  });

  it('given the same due date, when asOf is 00:30 GMT on 30 March (before the change), then 1 day', () => {
    const report = buildBoardReport(
      input({ asOf: '2025-03-30T00:30:00Z', actions: [dueBeforeClocksChange] }),
    );
    expect(report.overdue[0]?.daysOverdue).toBe(1);
  });

  it('is not overdue on the due date itself, even late in the London evening', () => {
    const report = buildBoardReport(
      input({ asOf: '2025-03-29T23:59:00Z', actions: [dueBeforeClocksChange] }),
    );
    expect(report.overdue).toEqual([]);
  });

  it('lists the whole plan, most overdue first, whoever the action was escalated to', () => {
    const actions = [
      history('o1', ...openAction('o1', 'QS7-20', '2025-04-01')),
      history(
        'o2',
        ...openAction('o2', 'QS1-01', '2025-03-01', undefined, 'QS1'),
        ['2025-03-20T09:00:00Z', escalated(CLINIC, 1)],
        ['2025-03-21T09:00:00Z', owner(bob)],
      ),
      history('o3', ...openAction('o3', 'QS7-05', '2025-04-01')),
      history('o4', ...openAction('o4', 'QS2-01', '2025-05-01', undefined, 'QS2')),
      history(
        'o5',
        ['2025-01-10T10:00:00Z', raised('o5', 'QS3-01', 'QS3')],
        ['2025-01-10T10:00:00Z', due('2025-04-05')],
      ),
    ];
    const report = buildBoardReport(input({ asOf: '2025-04-10T12:00:00+01:00', actions }));
    expect(
      report.overdue.map((a) => [a.ref, a.daysOverdue, a.owner, a.escalationLevel, a.escalatedTo]),
    ).toEqual([
      ['QS1-01', 40, 'Bob Jones', 1, 'Performance Clinic'],
      ['QS7-05', 9, 'Alice Smith', 0, null],
      ['QS7-20', 9, 'Alice Smith', 0, null],
      ['QS3-01', 5, null, 0, null],
    ]);
  });
});

describe('buildBoardReport: drift', () => {
  it('given re-planned actions, then it reports how often and how far, furthest first', () => {
    const actions = [
      history(
        'd1',
        ...openAction('d1', 'QS7-30', '2025-03-31'),
        ['2025-03-20T09:00:00Z', due('2025-05-31', '2025-03-31', 'Recruitment delayed')],
        ['2025-04-01T09:00:00Z', due('2025-04-30', '2025-05-31', 'Agency staff found')],
      ),
      history('d2', ...openAction('d2', 'QS7-31', '2025-03-31'), [
        '2025-03-20T09:00:00Z',
        due('2025-04-10', '2025-03-31', 'Data late'),
      ]),
      history('d3', ...openAction('d3', 'QS7-32', '2025-06-30')),
    ];
    const report = buildBoardReport(input({ actions }));
    expect(report.drift).toEqual([
      expect.objectContaining({
        ref: 'QS7-30',
        count: 2,
        totalDaysMoved: 92,
        netDaysMoved: 30,
        originalDueDate: '2025-03-31',
        currentDueDate: '2025-04-30',
        lastReason: 'Agency staff found',
      }),
      expect.objectContaining({
        ref: 'QS7-31',
        count: 1,
        totalDaysMoved: 10,
        netDaysMoved: 10,
        originalDueDate: '2025-03-31',
        currentDueDate: '2025-04-10',
      }),
    ]);
  });

  it('given a date brought forward, then the net move is negative', () => {
    const actions = [
      history('d4', ...openAction('d4', 'QS7-33', '2025-06-30'), [
        '2025-03-20T09:00:00Z',
        due('2025-05-31', '2025-06-30', 'Quick win'),
      ]),
    ];
    expect(buildBoardReport(input({ actions })).drift[0]).toEqual(
      expect.objectContaining({ count: 1, totalDaysMoved: 30, netDaysMoved: -30 }),
    );
  });
});

describe('buildBoardReport: changes since the previous meeting', () => {
  const previousMeetingDate = '2025-04-01';
  const asOf = '2025-04-10T09:00:00+01:00';
  const actions = [
    // 23:30 BST on the meeting day: before.
    history('c1', ['2025-04-01T22:30:00Z', raised('c1', 'QS7-40')]),
    // 00:30 BST on the next day: after.
    history('c2', ['2025-04-01T23:30:00Z', raised('c2', 'QS7-41', 'QS7', 'New', 'high')]),
    history(
      'c3',
      ...openAction('c3', 'QS7-42', '2025-04-30'),
      ['2025-03-25T09:00:00Z', completed],
      ['2025-04-03T10:00:00Z', verified],
    ),
    history(
      'c4',
      ...openAction('c4', 'QS7-43', '2025-04-30'),
      ['2025-04-01T10:00:00Z', due('2025-05-15', '2025-04-30', 'Before the meeting')],
      ['2025-04-04T10:00:00Z', due('2025-05-31', '2025-05-15', 'Staff shortage')],
      ['2025-04-05T10:00:00Z', due('2025-05-20', '2025-05-31', 'Brought forward')],
    ),
    // Due 5 April: became overdue on 6 April.
    history('c5', ...openAction('c5', 'QS7-44', '2025-04-05')),
    // Overdue already at the previous meeting: not new.
    history('c6', ...openAction('c6', 'QS7-45', '2025-03-20')),
    history(
      'c7',
      ...openAction('c7', 'QS7-46', '2025-03-01'),
      ['2025-03-20T09:00:00Z', escalated(CLINIC, 1)],
      ['2025-04-07T09:00:00Z', escalated(OVERSIGHT, 3, 1, 'overdue', 37)],
    ),
    // Raised after the meeting with a date already past.
    history(
      'c8',
      ['2025-04-02T09:00:00Z', raised('c8', 'QS7-47')],
      ['2025-04-02T09:00:00Z', due('2025-03-31')],
    ),
  ];
  const report = buildBoardReport(input({ asOf, previousMeetingDate, actions }));
  const changes = report.changesSincePreviousMeeting;

  it('then an event on the meeting day counts as before, and one just after midnight as after', () => {
    expect(changes.since).toBe('2025-04-01');
    expect(changes.raised).toEqual([
      {
        actionId: 'c2',
        ref: 'QS7-41',
        title: 'New',
        qualityStatement: 'QS7',
        on: '2025-04-02',
        at: '2025-04-01T23:30:00Z',
        priority: 'high',
      },
      expect.objectContaining({ ref: 'QS7-47', on: '2025-04-02' }),
    ]);
  });

  it('then closed lists the sign-offs after the meeting', () => {
    expect(changes.closed).toEqual([
      expect.objectContaining({ ref: 'QS7-42', at: '2025-04-03T10:00:00Z', note: 'Signed off' }),
    ]);
  });

  it('then slipped lists dates moved later and actions that became overdue, by date', () => {
    expect(
      changes.slipped.map((c) => [c.ref, c.kind, c.on, c.fromDueDate, c.toDueDate, c.days]),
    ).toEqual([
      ['QS7-47', 'became-overdue', '2025-04-02', '2025-03-31', '2025-03-31', 10],
      ['QS7-43', 'replanned', '2025-04-04', '2025-05-15', '2025-05-31', 16],
      ['QS7-44', 'became-overdue', '2025-04-06', '2025-04-05', '2025-04-05', 5],
    ]);
    expect(changes.slipped[1]?.reason).toBe('Staff shortage');
    expect(changes.slipped[0]?.at).toBeNull();
  });

  it('then escalated lists escalations after the meeting with the board they went to', () => {
    expect(changes.escalated).toEqual([
      expect.objectContaining({
        ref: 'QS7-46',
        at: '2025-04-07T09:00:00Z',
        fromLevel: 1,
        toLevel: 3,
        boardId: OVERSIGHT,
        boardName: 'Health & ASC Oversight Board',
        reason: 'overdue',
        daysOverdue: 37,
      }),
    ]);
  });

  it('given no previous meeting date, then changes run from the start of the plan', () => {
    const all = buildBoardReport(input({ asOf, actions })).changesSincePreviousMeeting;
    expect(all.since).toBeNull();
    expect(all.raised).toHaveLength(8);
    expect(all.escalated.map((c) => c.toLevel)).toEqual([1, 3]);
    expect(all.slipped.filter((c) => c.kind === 'became-overdue').map((c) => c.ref)).toEqual([
      'QS7-46',
      'QS7-45',
      'QS7-47',
      'QS7-44',
    ]);
  });

  it('given a sign-off refused after the meeting on a past-due action, then it slipped that day', () => {
    const reopened = history(
      'c9',
      ...openAction('c9', 'QS7-48', '2025-03-25'),
      ['2025-03-24T09:00:00Z', completed],
      ['2025-04-08T09:00:00Z', { type: 'CompletionRejected', data: { reason: 'No evidence' } }],
    );
    const slipped = buildBoardReport(input({ asOf, previousMeetingDate, actions: [reopened] }))
      .changesSincePreviousMeeting.slipped;
    expect(slipped).toEqual([
      expect.objectContaining({
        ref: 'QS7-48',
        kind: 'became-overdue',
        on: '2025-04-08',
        at: null,
        days: 16,
      }),
    ]);
  });

  it('given the previous meeting is today, then nothing has changed since', () => {
    const today = buildBoardReport(
      input({ asOf, previousMeetingDate: '2025-04-10', actions }),
    ).changesSincePreviousMeeting;
    expect([today.raised, today.closed, today.slipped, today.escalated]).toEqual([[], [], [], []]);
  });
});

describe('buildBoardReport: robustness', () => {
  const base = history('r1', ...openAction('r1', 'QS7-50', '2025-06-30'));

  it('ignores events recorded after asOf, unknown event types and actions of other plans', () => {
    const report = buildBoardReport(
      input({
        actions: [
          {
            actionId: 'r1',
            events: [
              ...base.events,
              { type: 'SomethingNew', data: {}, recordedAt: '2025-04-02T09:00:00Z', version: 4 },
              { ...completed, recordedAt: '2025-04-11T09:00:00Z', version: 5 },
            ],
          },
          history('x1', ['2025-01-10T10:00:00Z', raised('x1', 'X-1', 'QS7', 'x', 'low', 'other')]),
          { actionId: 'empty', events: [] },
        ],
      }),
    );
    expect(report.actionCount).toBe(1);
    expect(report.counts['not started']).toBe(1);
  });

  it('refuses an event without a valid recordedAt', () => {
    const bad: ActionHistory = {
      actionId: 'r1',
      events: [{ ...raised('r1', 'QS7-50'), recordedAt: 'yesterday', version: 1 }],
    };
    expect(refusal(() => buildBoardReport(input({ actions: [bad] })))).toEqual({
      field: 'actions',
    });
  });

  it('is JSON-serialisable and does not depend on the order actions arrive in', () => {
    const actions = [
      history('s1', ...openAction('s1', 'QS7-2', '2025-03-01')),
      history('s2', ...openAction('s2', 'QS7-10', '2025-03-01')),
      history('s3', ...openAction('s3', 'QS1-1', '2025-03-01', undefined, 'QS1')),
    ];
    const a: BoardReport = buildBoardReport(input({ actions }));
    const b = buildBoardReport(input({ actions: [...actions].reverse() }));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.overdue.map((r) => r.ref)).toEqual(['QS1-1', 'QS7-2', 'QS7-10']);
  });
});
