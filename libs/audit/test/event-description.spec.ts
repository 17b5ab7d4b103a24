import { ACTION_EVENT_TYPES, defaultBoards, PLAN_EVENT_TYPES } from '@asc/domain';
import {
  actorLabel,
  AUDIT_EXPORT_COMPLETED,
  AUDIT_EXPORT_STARTED,
  type DescribableEvent,
  describeEvent,
  describeHistory,
  longDate,
} from '../src';

const jo = { actor: 'jsmith', actorName: 'J. Smith' };
const chaser = { actor: 'system:chaser' };
const boards = defaultBoards();
const ev = (
  type: string,
  data: Record<string, unknown>,
  metadata: object = jo,
): DescribableEvent => ({
  type,
  data,
  metadata,
});

/** One example of every event type of domain.md (and the engine's additions), with its sentence. */
const EXAMPLES: [DescribableEvent, string][] = [
  [
    ev('PlanCreated', {
      planId: 'p1',
      authority: 'Medway Council',
      title: 'ASC improvement plan 2025-26',
      period: { from: '2025-04-01', to: '2026-03-31' },
    }),
    'Plan "ASC improvement plan 2025-26" started for Medway Council for 1 April 2025 to 31 March 2026 by J. Smith',
  ],
  [
    ev('BoardConfigured', {
      boardId: 'qapi-board',
      name: 'Quality Assurance, Performance & Information Board',
      chair: 'DASS',
      level: 2,
      email: null,
    }),
    'Board "Quality Assurance, Performance & Information Board" set up at escalation level 2, chaired by DASS by J. Smith',
  ],
  [
    ev('QualityStatementScored', {
      qualityStatement: 'QS7',
      score: 2,
      source: 'cqc',
      assessedAt: '2024-11-05',
    }),
    'QS7 Safeguarding scored 2 (some shortfalls) by CQC, assessed 5 November 2024; recorded by J. Smith',
  ],
  [
    ev('FindingRecorded', {
      findingId: 'f1',
      qualityStatement: 'QS1',
      kind: 'area-for-improvement',
      text: 'Waiting lists for assessments are too long',
    }),
    'Area for improvement recorded against QS1 Assessing needs by J. Smith: Waiting lists for assessments are too long',
  ],
  [ev('ChasingPolicyConfigured', { policy: {} }), 'Chasing policy changed by J. Smith'],
  [
    ev('ActionRaised', {
      actionId: 'a1',
      planId: 'p1',
      ref: 'QS7-1',
      title: 'Clear the safeguarding backlog',
      description: null,
      qualityStatement: 'QS7',
      priority: 'high',
      source: { kind: 'self-assessment', reference: 'line 12' },
    }),
    'Raised against QS7 Safeguarding by J. Smith: QS7-1 "Clear the safeguarding backlog" (high priority, from the self-assessment (line 12))',
  ],
  [
    ev('OwnerAssigned', {
      owner: { id: 'sam', name: 'Sam Manager', email: 'sam@council.example' },
      previousOwnerId: null,
    }),
    'Owner set to Sam Manager (sam@council.example) by J. Smith',
  ],
  [
    ev('DueDateSet', {
      dueDate: '2025-06-30',
      previousDueDate: '2025-03-31',
      reason: 'recruitment delayed',
    }),
    'Due date moved from 31 March 2025 to 30 June 2025 by J. Smith: recruitment delayed',
  ],
  [
    ev(
      'ProgressReported',
      { percentComplete: 40, confidence: 'at-risk', note: 'two posts still vacant' },
      { actor: 'sam', actorName: 'Sam Manager' },
    ),
    'Progress reported by Sam Manager: 40% complete, at risk: two posts still vacant',
  ],
  [
    ev('EvidenceAdded', {
      title: 'Audit report',
      uri: 'https://sharepoint.example/audit.pdf',
      sha256: null,
    }),
    'Evidence added by J. Smith: "Audit report" at https://sharepoint.example/audit.pdf',
  ],
  [
    ev('ActionCompleted', { summary: 'Backlog cleared' }),
    'Marked complete by J. Smith: Backlog cleared',
  ],
  [
    ev('CompletionVerified', { note: 'Checked at QAPI' }),
    'Completion verified by J. Smith, action closed: Checked at QAPI',
  ],
  [
    ev('CompletionRejected', { reason: 'No evidence' }),
    'Completion rejected by J. Smith, action open again: No evidence',
  ],
  [
    ev('ActionCancelled', { reason: 'Duplicate of QS7-2' }),
    'Cancelled by J. Smith: Duplicate of QS7-2',
  ],
  [
    ev(
      'ReminderSent',
      {
        kind: 'overdue',
        dueDate: '2025-03-31',
        sequence: 2,
        channel: 'email',
        recipient: 'sam@council.example',
      },
      chaser,
    ),
    'Reminder (overdue, 2nd) emailed to sam@council.example by the chaser',
  ],
  [
    ev(
      'ActionBecameOverdue',
      { dueDate: '2025-03-31', detectedAt: '2025-03-31T23:30:00Z' },
      chaser,
    ),
    'Became overdue (due 31 March 2025), found by the chaser on 1 April 2025',
  ],
  [
    ev(
      'ActionEscalated',
      { fromLevel: 1, toLevel: 2, boardId: 'qapi-board', reason: 'overdue', daysOverdue: 30 },
      chaser,
    ),
    'Escalated to level 2 (Quality Assurance, Performance & Information Board) by the chaser: 30 days overdue',
  ],
  [
    ev('BoardDecisionRecorded', {
      boardId: 'health-asc-oversight-board',
      decision: 'extend',
      note: 'New provider starts in May',
      meetingDate: '2025-04-10',
    }),
    'Health & ASC Oversight Board decided to extend the due date at its meeting of 10 April 2025; recorded by J. Smith: New provider starts in May',
  ],
  [
    ev(
      AUDIT_EXPORT_STARTED,
      {
        exportId: 'e1',
        from: null,
        to: '2025-04-30T23:00:00.000Z',
        format: 'csv',
        requestedBy: 'aud-1',
        channel: 'api',
      },
      { actor: 'aud-1', actorName: 'Ann Auditor' },
    ),
    'Export of the event log (csv) of events recorded up to 2025-04-30T23:00:00.000Z taken by Ann Auditor through the API',
  ],
  [
    ev(
      AUDIT_EXPORT_COMPLETED,
      { exportId: 'e1', events: 1234, bytes: 5678, sha256: 'ab12' },
      { actor: 'aud-1' },
    ),
    'Export finished: 1,234 events, 5,678 bytes, SHA-256 ab12',
  ],
];

describe('describeEvent', () => {
  it.each(EXAMPLES.map(([event, text]) => [event.type, event, text]))(
    '%s',
    (_type, event, text) => {
      expect(describeEvent(event as DescribableEvent, { boards })).toBe(text);
    },
  );

  it('has an example for every event type of domain.md and of the plan', () => {
    const covered = new Set(EXAMPLES.map(([e]) => e.type));
    for (const type of [...ACTION_EVENT_TYPES, ...PLAN_EVENT_TYPES])
      expect(covered).toContain(type);
  });

  it('a first due date, with no reason', () => {
    expect(
      describeEvent(
        ev('DueDateSet', { dueDate: '2026-03-31', previousDueDate: null, reason: null }),
      ),
    ).toBe('Due date set to 31 March 2026 by J. Smith');
  });

  it('escalations by hand and for off-track reports, one day overdue', () => {
    const esc = (reason: string, daysOverdue: number) =>
      describeEvent(
        ev('ActionEscalated', {
          fromLevel: 0,
          toLevel: 1,
          boardId: 'performance-clinic',
          reason,
          daysOverdue,
        }),
        { boards },
      );
    expect(esc('manual', 0)).toBe(
      'Escalated to level 1 (Performance Clinic) by J. Smith: escalated by hand',
    );
    expect(esc('off-track', 1)).toBe(
      'Escalated to level 1 (Performance Clinic) by J. Smith: reported off track twice in a row, 1 day overdue',
    );
  });

  it('a board the plan does not have is shown by its id', () => {
    expect(
      describeEvent(
        ev('ActionEscalated', {
          fromLevel: 0,
          toLevel: 4,
          boardId: 'cabinet',
          reason: 'manual',
          daysOverdue: 0,
        }),
        { boards },
      ),
    ).toContain('(board cabinet)');
  });

  it('reminders by other channels, and their ordinals', () => {
    const reminder = (sequence: number, channel: string, kind = 'due-soon') =>
      describeEvent(
        ev(
          'ReminderSent',
          { kind, dueDate: '2025-03-31', sequence, channel, recipient: 'sam' },
          chaser,
        ),
      );
    expect(reminder(1, 'webhook')).toBe(
      'Reminder (due soon, 1st) sent by webhook to sam by the chaser',
    );
    expect(reminder(3, 'email', 'due')).toBe(
      'Reminder (due today, 3rd) emailed to sam by the chaser',
    );
    expect(reminder(11, 'email')).toContain('11th');
    expect(reminder(22, 'email')).toContain('22nd');
    expect(reminder(113, 'email')).toContain('113th');
  });

  it('an unknown type or an old shape still reads', () => {
    expect(describeEvent(ev('SomethingNew', {}))).toBe('SomethingNew by J. Smith');
    expect(
      describeEvent(ev('DueDateSet', { dueDate: 'soon', previousDueDate: null, reason: null })),
    ).toBe('Due date set to soon by J. Smith');
  });
});

describe('describeHistory', () => {
  it('names a replaced owner by the name an earlier event gave them', () => {
    const events = [
      ev('OwnerAssigned', {
        owner: { id: 'sam', name: 'Sam Manager', email: 's@x' },
        previousOwnerId: null,
      }),
      ev('OwnerAssigned', {
        owner: { id: 'kim', name: 'Kim Lead', email: 'k@x' },
        previousOwnerId: 'sam',
      }),
      ev('OwnerAssigned', {
        owner: { id: 'lee', name: 'Lee', email: 'l@x' },
        previousOwnerId: 'nobody-known',
      }),
    ];
    expect(describeHistory(events)).toEqual([
      'Owner set to Sam Manager (s@x) by J. Smith',
      'Owner changed from Sam Manager to Kim Lead (k@x) by J. Smith',
      'Owner changed from nobody-known to Lee (l@x) by J. Smith',
    ]);
  });
});

describe('actorLabel', () => {
  it('the stored name, else the id; engine components and command-line users in words', () => {
    expect(actorLabel({ actor: 'jsmith', actorName: 'J. Smith' })).toBe('J. Smith');
    expect(actorLabel({ actor: 'jsmith' })).toBe('jsmith');
    expect(actorLabel({ actor: 'jsmith', actorName: '  ' })).toBe('jsmith');
    expect(actorLabel({ actor: 'system:chaser' })).toBe('the chaser');
    expect(actorLabel({ actor: 'os-user:ops' })).toBe('ops (operating-system user)');
    expect(actorLabel({})).toBe('someone unrecorded');
  });
});

describe('longDate', () => {
  it('dates, London dates of instants, and anything else as it is', () => {
    expect(longDate('2025-03-31')).toBe('31 March 2025');
    expect(longDate('2025-06-30T23:30:00Z')).toBe('1 July 2025');
    expect(longDate('2025-01-31T23:30:00Z')).toBe('31 January 2025');
    expect(longDate('not a date')).toBe('not a date');
  });
});
