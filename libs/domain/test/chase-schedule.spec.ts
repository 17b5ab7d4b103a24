import {
  type ActionEvent,
  type ChaseDecision,
  type ChasingPolicy,
  DEFAULT_CHASING_POLICY,
  decideChase,
  defaultBoards,
  evolveAction,
  initialActionState,
  dueDateStartsMs,
  overdueFromMs,
} from '@asc/domain';
import {
  ACTION_ID,
  DUE,
  alice,
  dueDateSet,
  highPriorityRaised,
  openAction,
  progress,
  raised,
} from './action-fixtures';

/**
 * Given the action's events (and a policy), when the chaser looks at `now`, then these steps are
 * due and this one comes next. DUE is 2025-03-31 (BST starts 30 March: London midnight is 23:00 UTC).
 */
function given(...events: ActionEvent[]) {
  let policy: ChasingPolicy = DEFAULT_CHASING_POLICY;
  const api = {
    withPolicy(changes: Partial<ChasingPolicy>) {
      policy = { ...DEFAULT_CHASING_POLICY, ...changes };
      return api;
    },
    when(now: string) {
      const state = events.reduce(evolveAction, initialActionState);
      const decision = decideChase({ state, policy, boards: defaultBoards(), now });
      return {
        decision,
        then(due: string[], next: string | null): { decision: ChaseDecision } {
          expect(decision.due.map((s) => s.key)).toEqual(due);
          expect(decision.next?.key ?? null).toBe(next);
          return { decision };
        },
      };
    },
  };
  return api;
}

const key = {
  dueSoon: (n: number, due = DUE) => `reminder-${ACTION_ID}-due-soon-${due}-${n}`,
  due: (due = DUE) => `reminder-${ACTION_ID}-due-${due}-1`,
  overdueReminder: (n: number, due = DUE) => `reminder-${ACTION_ID}-overdue-${due}-${n}`,
  overdue: (due = DUE) => `overdue-${ACTION_ID}-${due}`,
  escalation: (level: number, due = DUE) => `escalation-${ACTION_ID}-${due}-${level}`,
};

const reminderSent = (
  kind: 'due-soon' | 'due' | 'overdue',
  sequence: number,
  dueDate = DUE,
): ActionEvent => ({
  type: 'ReminderSent',
  data: { kind, dueDate, sequence, channel: 'email', recipient: alice.email },
});
const becameOverdue = (dueDate = DUE): ActionEvent => ({
  type: 'ActionBecameOverdue',
  data: { dueDate, detectedAt: '2025-04-01T00:00:00Z' },
});
const escalated = (toLevel: number, fromLevel = 0): ActionEvent => ({
  type: 'ActionEscalated',
  data: { fromLevel, toLevel, boardId: 'b', reason: 'overdue', daysOverdue: 14 },
});

describe('the chase schedule (decideChase)', () => {
  it('London midnight is 00:00 GMT in winter and 23:00 UTC the day before in summer', () => {
    expect(new Date(dueDateStartsMs('2025-01-10')).toISOString()).toBe('2025-01-10T00:00:00.000Z');
    expect(new Date(dueDateStartsMs('2025-03-30')).toISOString()).toBe('2025-03-30T00:00:00.000Z');
    expect(new Date(dueDateStartsMs('2025-03-31')).toISOString()).toBe('2025-03-30T23:00:00.000Z');
    expect(new Date(dueDateStartsMs('2025-10-26')).toISOString()).toBe('2025-10-25T23:00:00.000Z');
    expect(new Date(dueDateStartsMs('2025-10-27')).toISOString()).toBe('2025-10-27T00:00:00.000Z');
  });

  it('an open action a month before its date: nothing due, the 7-day reminder next', () => {
    const { decision } = given(...openAction).when('2025-03-01T09:00:00Z');
    expect(decision.due).toEqual([]);
    expect(decision.next).toMatchObject({
      key: key.dueSoon(1),
      kind: 'due-soon',
      sequence: 1,
      at: '2025-03-24T00:00:00.000Z',
    });
  });

  it('7 days before: the first due-soon reminder is due; the 1-day one is next', () => {
    given(...openAction)
      .when('2025-03-24T00:00:00Z')
      .then([key.dueSoon(1)], key.dueSoon(2));
  });

  it('once recorded, the same reminder is not due again', () => {
    given(...openAction, reminderSent('due-soon', 1))
      .when('2025-03-24T08:00:00Z')
      .then([], key.dueSoon(2));
  });

  it('on the due date: the due reminder (London midnight in BST is 23:00 UTC the day before)', () => {
    given(...openAction, reminderSent('due-soon', 1), reminderSent('due-soon', 2))
      .when('2025-03-30T23:00:00Z')
      .then([key.due()], key.overdue());
  });

  it('the day after: it becomes overdue; the 7-day overdue reminder is next', () => {
    const { decision } = given(...openAction, reminderSent('due', 1))
      .when('2025-03-31T23:00:00Z')
      .then([key.overdue()], key.overdueReminder(1));
    expect(decision.next?.at).toBe('2025-04-06T23:00:00.000Z');
  });

  it('14 days overdue: escalate to level 1 (Performance Clinic) with the second overdue reminder', () => {
    const { decision } = given(...openAction, becameOverdue(), reminderSent('overdue', 1))
      .when('2025-04-13T23:00:00Z')
      .then([key.escalation(1), key.overdueReminder(2)], key.overdueReminder(3));
    expect(decision.due[0]).toMatchObject({
      toLevel: 1,
      boardId: 'performance-clinic',
      reason: 'overdue',
    });
  });

  it('catch-up: 30 days overdue when first seen goes straight to level 2 with one reminder', () => {
    const { decision } = given(...openAction)
      .when('2025-04-30T12:00:00Z')
      .then([key.overdue(), key.escalation(2), key.overdueReminder(4)], key.overdueReminder(5));
    expect(decision.due[1]).toMatchObject({ toLevel: 2, boardId: 'qapi-board' });
  });

  it('catch-up: a reminder missed while a later one has passed is never sent', () => {
    given(...openAction)
      .when('2025-03-30T12:00:00Z')
      .then([key.dueSoon(2)], key.due());
  });

  it('an escalation already recorded is not repeated; the next level is next', () => {
    given(...openAction, becameOverdue(), escalated(1), reminderSent('overdue', 2))
      .when('2025-04-15T12:00:00Z')
      .then([], key.overdueReminder(3));
    const { decision } = given(
      ...openAction,
      becameOverdue(),
      escalated(1),
      reminderSent('overdue', 3),
    ).when('2025-04-22T12:00:00Z');
    expect(decision.due).toEqual([]);
    // 28 days overdue: level 2 and the fourth weekly reminder fall on the same moment.
    expect(decision.next).toMatchObject({ key: key.escalation(2), at: '2025-04-27T23:00:00.000Z' });
  });

  it('high priority reaches each level one step sooner: level 1 as soon as it is overdue', () => {
    const high = [highPriorityRaised, ...openAction.slice(1)];
    given(...high, reminderSent('due', 1))
      .when('2025-03-31T23:00:00Z')
      .then([key.overdue(), key.escalation(1)], key.overdueReminder(1));
    given(...high, becameOverdue(), escalated(1), reminderSent('overdue', 2))
      .when('2025-04-13T23:00:00Z')
      .then([key.escalation(2)], key.overdueReminder(3));
  });

  it('two off-track reports in a row escalate to level 1 at once, before the due date', () => {
    const { decision } = given(...openAction, progress(10, 'off-track'), progress(10, 'off-track'))
      .when('2025-03-10T12:00:00Z')
      .then([key.escalation(1)], key.dueSoon(1));
    expect(decision.due[0]).toMatchObject({ reason: 'off-track', at: '2025-03-10T12:00:00Z' });
    given(
      ...openAction,
      progress(10, 'off-track'),
      progress(20, 'at-risk'),
      progress(5, 'off-track'),
    )
      .when('2025-03-10T12:00:00Z')
      .then([], key.dueSoon(1));
  });

  it('a re-planned action is chased for its new date only', () => {
    given(...openAction, reminderSent('due-soon', 1), dueDateSet('2025-05-31', DUE, 'delayed'))
      .when('2025-04-02T12:00:00Z')
      .then([], key.dueSoon(1, '2025-05-31'));
  });

  it('completed, cancelled, closed or undated actions are not chased', () => {
    const completed: ActionEvent = { type: 'ActionCompleted', data: { summary: 'done' } };
    const cancelled: ActionEvent = { type: 'ActionCancelled', data: { reason: 'dup' } };
    given(...openAction, completed)
      .when('2025-05-30T12:00:00Z')
      .then([], null);
    given(...openAction, cancelled)
      .when('2025-05-30T12:00:00Z')
      .then([], null);
    given(raised).when('2025-05-30T12:00:00Z').then([], null);
  });

  it('a board extension restarts the chase for the new date', () => {
    const extended: ActionEvent[] = [
      ...openAction,
      becameOverdue(),
      escalated(1),
      {
        type: 'BoardDecisionRecorded',
        data: {
          boardId: 'performance-clinic',
          decision: 'extend',
          note: '',
          meetingDate: '2025-04-20',
        },
      },
      dueDateSet('2025-06-30', DUE, 'Extended by board decision'),
    ];
    given(...extended)
      .when('2025-04-21T12:00:00Z')
      .then([], key.dueSoon(1, '2025-06-30'));
    // Level 1 stays reached; 28 days overdue on the new date goes to level 2.
    given(...extended)
      .when('2025-07-28T12:00:00Z')
      .then(
        [
          key.overdue('2025-06-30'),
          key.escalation(2, '2025-06-30'),
          key.overdueReminder(4, '2025-06-30'),
        ],
        key.overdueReminder(5, '2025-06-30'),
      );
  });

  it('without an owner nothing is sent, but the action still becomes overdue and escalates', () => {
    given(raised, dueDateSet(DUE))
      .when('2025-04-15T12:00:00Z')
      .then([key.overdue(), key.escalation(1)], key.escalation(2));
  });

  it('durations shorter than a day count from the moment the action became overdue', () => {
    const seconds = {
      reminderLeadTimes: ['PT20S', 'PT10S'],
      overdueReminderInterval: 'PT10S',
      escalationThresholds: [
        { level: 1, overdueBy: 'PT30S' },
        { level: 2, overdueBy: 'PT60S' },
      ],
    };
    const overdueAt = overdueFromMs(DUE);
    const at = (ms: number) => new Date(ms).toISOString();
    const { decision } = given(...openAction)
      .withPolicy(seconds)
      .when(at(dueDateStartsMs(DUE) - 15_000))
      .then([key.dueSoon(1)], key.dueSoon(2));
    expect(decision.next?.at).toBe(at(dueDateStartsMs(DUE) - 10_000));
    given(...openAction, becameOverdue(), reminderSent('overdue', 2))
      .withPolicy(seconds)
      .when(at(overdueAt + 25_000))
      .then([], key.escalation(1));
    given(...openAction, becameOverdue(), reminderSent('overdue', 2))
      .withPolicy(seconds)
      .when(at(overdueAt + 31_000))
      .then([key.escalation(1), key.overdueReminder(3)], key.overdueReminder(4));
  });

  it('a weekly overdue reminder stays weekly however late the chaser looks', () => {
    const { decision } = given(...openAction, becameOverdue(), escalated(3)).when(
      '2026-03-31T12:00:00Z',
    );
    expect(decision.due.map((s) => s.key)).toEqual([key.overdueReminder(52)]);
    expect(decision.next?.key).toBe(key.overdueReminder(53));
  });
});
