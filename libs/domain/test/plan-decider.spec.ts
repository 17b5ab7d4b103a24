import {
  DEFAULT_CHASING_POLICY,
  INPUT_RULE_IDS,
  PLAN_EVENT_SCHEMA_VERSIONS,
  PLAN_EVENT_TYPES,
  PLAN_RULE_IDS,
  boardById,
  boardForLevel,
  boardsOf,
  defaultBoards,
  evolvePlan,
  initialPlanState,
  isCreated,
  latestScores,
  planDecider,
  planOverallScore,
  planStreamName,
  validateChasingPolicy,
  type ChasingPolicy,
  type CreatedPlan,
  type PlanCommand,
  type PlanEvent,
  type PlanState,
} from '@asc/domain';
import { scenarios } from './given-when-then';

const { given, refused, emitted } = scenarios(planDecider);

const PLAN_ID = 'a1b2c3d4-0000-4000-8000-000000000001';
const base = { planId: PLAN_ID, now: '2025-01-06T09:00:00Z', actor: 'admin-1' };

const created: PlanEvent = {
  type: 'PlanCreated',
  data: {
    planId: PLAN_ID,
    authority: 'Medway Council',
    title: 'ASC improvement plan 2023–2025',
    period: { from: '2023-04-01', to: '2025-03-31' },
  },
};

function createdState(state: PlanState): CreatedPlan {
  if (!isCreated(state)) throw new Error('expected a created plan');
  return state;
}

const board = (boardId: string, level: number, name = `Board ${level}`): PlanEvent => ({
  type: 'BoardConfigured',
  data: { boardId, name, chair: null, level, email: null },
});

const scored = (
  qualityStatement: string,
  score: number,
  source = 'cqc',
  assessedAt = '2024-09-01',
): PlanEvent =>
  ({
    type: 'QualityStatementScored',
    data: { qualityStatement, score, source, assessedAt },
  }) as PlanEvent;

describe('plan events', () => {
  it('are explicit, versioned, and live in plan-<id>', () => {
    expect(PLAN_EVENT_TYPES).toEqual([
      'PlanCreated',
      'BoardConfigured',
      'QualityStatementScored',
      'FindingRecorded',
      'ChasingPolicyConfigured',
    ]);
    for (const type of PLAN_EVENT_TYPES) expect(PLAN_EVENT_SCHEMA_VERSIONS[type]).toBe(1);
    expect(planStreamName(PLAN_ID)).toBe(`plan-${PLAN_ID}`);
  });
});

describe('creating a plan', () => {
  const create = {
    type: 'CreatePlan' as const,
    ...base,
    authority: ' Medway Council ',
    title: 'ASC improvement plan 2023–2025',
    period: { from: '2023-04-01', to: '2025-03-31' },
  };

  it('records PlanCreated', () => {
    const state = createdState(given().when(create).then([created]));
    expect(state.chasingPolicy).toEqual(DEFAULT_CHASING_POLICY);
    expect(state.chasingPolicyConfigured).toBe(false);
  });

  it('the period is optional', () => {
    given()
      .when({ ...create, period: undefined })
      .then([{ ...created, data: { ...created.data, period: null } } as PlanEvent]);
  });

  it('validates', () => {
    given()
      .when({ ...create, planId: '' })
      .thenRefuses('plan-id-required', 'planId');
    given()
      .when({ ...create, authority: '' })
      .thenRefuses('authority-required', 'authority');
    given()
      .when({ ...create, title: ' ' })
      .thenRefuses('title-required', 'title');
    given()
      .when({ ...create, period: { from: '2025-04-01', to: '2024-03-31' } })
      .thenRefuses('invalid-period', 'period');
    given()
      .when({ ...create, period: 'next year' as unknown as { from: string; to: string } })
      .thenRefuses('invalid-period');
    given()
      .when({ ...create, period: { from: '2025-02-29', to: '2026-03-31' } })
      .thenRefuses('invalid-date', 'period.from');
    given()
      .when({ ...create, now: 'yesterday' })
      .thenRefuses('invalid-instant');
    given()
      .when({ ...create, actor: ' ' })
      .thenRefuses('actor-required');
  });

  it('only once', () => {
    given(created).when(create).thenRefuses('plan-already-created');
  });

  it('other commands need a created plan with the same id', () => {
    const configure: PlanCommand = {
      type: 'ConfigureBoard',
      ...base,
      boardId: 'b',
      name: 'B',
      level: 1,
    };
    given().when(configure).thenRefuses('plan-not-created');
    given(created)
      .when({ ...configure, planId: 'other' })
      .thenRefuses('plan-id-mismatch', 'planId');
    given(created)
      .when({ type: 'ArchivePlan', ...base } as unknown as PlanCommand)
      .thenRefuses('unknown-command');
  });
});

describe('boards', () => {
  const configure = (extra: Record<string, unknown> = {}) =>
    ({
      type: 'ConfigureBoard',
      ...base,
      boardId: 'clinic',
      name: 'Performance Clinic',
      chair: 'Head of Service',
      level: 1,
      email: 'clinic@medway.gov.uk',
      ...extra,
    }) as PlanCommand;
  const configured: PlanEvent = {
    type: 'BoardConfigured',
    data: {
      boardId: 'clinic',
      name: 'Performance Clinic',
      chair: 'Head of Service',
      level: 1,
      email: 'clinic@medway.gov.uk',
    },
  };

  it("a plan with no boards gets Medway's three", () => {
    expect(defaultBoards()).toEqual([
      {
        boardId: 'performance-clinic',
        name: 'Performance Clinic',
        chair: null,
        level: 1,
        email: null,
      },
      {
        boardId: 'qapi-board',
        name: 'Quality Assurance, Performance & Information Board',
        chair: 'DASS',
        level: 2,
        email: null,
      },
      {
        boardId: 'health-asc-oversight-board',
        name: 'Health & ASC Oversight Board',
        chair: 'Portfolio Holder',
        level: 3,
        email: null,
      },
    ]);
    const state = given(created).state();
    expect(boardsOf(state)).toEqual(defaultBoards());
    expect(boardForLevel(state, 2)?.name).toBe(
      'Quality Assurance, Performance & Information Board',
    );
    expect(boardById(state, 'health-asc-oversight-board')?.level).toBe(3);
    expect(boardsOf(initialPlanState)).toEqual(defaultBoards());
  });

  it('configures a board; the configured boards replace the defaults', () => {
    const state = given(created).when(configure()).then([configured]);
    expect(boardsOf(state).map((b) => b.boardId)).toEqual(['clinic']);
  });

  it('changes a board by configuring the same id again', () => {
    const state = given(created, configured)
      .when(configure({ chair: 'DASS', level: 2 }))
      .then([
        {
          type: 'BoardConfigured',
          data: { ...configured.data, chair: 'DASS', level: 2 },
        } as PlanEvent,
      ]);
    expect(createdState(state).boards).toHaveLength(1);
    expect(boardById(state, 'clinic')?.level).toBe(2);
  });

  it('the same configuration again is nothing new', () => {
    given(created, configured).when(configure()).thenNothing();
  });

  it('sorts boards by level', () => {
    const state = given(created, board('top', 3), board('mid', 2), board('low', 1)).state();
    expect(boardsOf(state).map((b) => b.level)).toEqual([1, 2, 3]);
  });

  it('one board per level', () => {
    given(created, configured)
      .when(configure({ boardId: 'other' }))
      .thenRefuses('board-level-taken', 'level');
  });

  it('validates', () => {
    given(created)
      .when(configure({ boardId: '' }))
      .thenRefuses('board-id-required', 'boardId');
    given(created)
      .when(configure({ name: ' ' }))
      .thenRefuses('board-requires-name', 'name');
    given(created)
      .when(configure({ level: 0 }))
      .thenRefuses('invalid-board-level', 'level');
    given(created)
      .when(configure({ level: 1.5 }))
      .thenRefuses('invalid-board-level');
    given(created)
      .when(configure({ email: 'clinic' }))
      .thenRefuses('invalid-email', 'email');
    given(created)
      .when(configure({ chair: 7 }))
      .thenRefuses('invalid-board-chair', 'chair');
    given(created)
      .when(configure({ chair: null, email: null }))
      .then([
        {
          type: 'BoardConfigured',
          data: { ...configured.data, chair: null, email: null },
        } as PlanEvent,
      ]);
  });
});

describe('scores', () => {
  const score = (extra: Record<string, unknown> = {}) =>
    ({
      type: 'ScoreQualityStatement',
      ...base,
      qualityStatement: 'Governance, management and sustainability',
      score: 2,
      source: 'cqc',
      assessedAt: '2024-09-01',
      ...extra,
    }) as PlanCommand;

  it('records a score against the resolved quality statement', () => {
    given(created)
      .when(score())
      .then([scored('QS8', 2)]);
    given(created)
      .when(score({ qualityStatement: 'qs3', source: 'self-assessment', score: 3 }))
      .then([scored('QS3', 3, 'self-assessment')]);
  });

  it('the same score again is nothing new; a correction is recorded', () => {
    given(created, scored('QS8', 2)).when(score()).thenNothing();
    given(created, scored('QS8', 2))
      .when(score({ score: 3 }))
      .then([scored('QS8', 3)]);
  });

  it('validates', () => {
    given(created)
      .when(score({ qualityStatement: 'Leadership' }))
      .thenRefuses('unknown-quality-statement');
    given(created)
      .when(score({ score: 5 }))
      .thenRefuses('score-out-of-range', 'score');
    given(created)
      .when(score({ score: 0 }))
      .thenRefuses('score-out-of-range');
    given(created)
      .when(score({ score: '2' }))
      .thenRefuses('score-out-of-range');
    given(created)
      .when(score({ source: 'peer-review' }))
      .thenRefuses('invalid-score-source', 'source');
    given(created)
      .when(score({ assessedAt: '2024-09-31' }))
      .thenRefuses('invalid-date', 'assessedAt');
  });

  it('the latest score wins: latest date, then latest recorded', () => {
    const state = given(
      created,
      scored('QS8', 2, 'cqc', '2024-09-01'),
      scored('QS8', 1, 'self-assessment', '2024-03-01'),
      scored('QS1', 2, 'self-assessment', '2024-03-01'),
      scored('QS1', 3, 'self-assessment', '2024-03-01'),
    ).state();
    const latest = latestScores(state);
    expect(latest.QS8?.score).toBe(2);
    expect(latest.QS1?.score).toBe(3);
    expect(latestScores(state, 'self-assessment').QS8?.score).toBe(1);
    expect(planOverallScore(state)).toMatchObject({
      total: 5,
      maximum: 8,
      percentage: 63,
      rating: 'Good',
    });
    expect(planOverallScore(given(created).state())).toBeUndefined();
  });

  it('Medway-style: nine scores give the overall percentage and rating', () => {
    const scores = [2, 2, 2, 3, 2, 2, 1, 2, 2];
    const events = scores.map((s, i) => scored(`QS${i + 1}`, s));
    const overall = planOverallScore(given(created, ...events).state());
    expect(overall).toMatchObject({
      total: 18,
      maximum: 36,
      percentage: 50,
      rating: 'Requires improvement',
      complete: true,
    });
  });
});

describe('findings', () => {
  const find = (extra: Record<string, unknown> = {}) =>
    ({
      type: 'RecordFinding',
      ...base,
      findingId: 'f-1',
      qualityStatement: 'Safe Systems, pathways and transitions',
      kind: 'area-for-improvement',
      text: 'Embed risk assessments across all areas of practice.',
      ...extra,
    }) as PlanCommand;
  const found: PlanEvent = {
    type: 'FindingRecorded',
    data: {
      findingId: 'f-1',
      qualityStatement: 'QS6',
      kind: 'area-for-improvement',
      text: 'Embed risk assessments across all areas of practice.',
    },
  };

  it('records a finding', () => {
    const state = given(created).when(find()).then([found]);
    expect(createdState(state).findings).toHaveLength(1);
  });

  it('the same finding again is nothing new; the same id with other content is refused', () => {
    given(created, found).when(find()).thenNothing();
    given(created, found)
      .when(find({ text: 'Something else' }))
      .thenRefuses('finding-id-conflict', 'findingId');
  });

  it('validates', () => {
    given(created)
      .when(find({ findingId: '' }))
      .thenRefuses('finding-id-required', 'findingId');
    given(created)
      .when(find({ qualityStatement: 'QS10' }))
      .thenRefuses('unknown-quality-statement');
    given(created)
      .when(find({ kind: 'strength' }))
      .thenRefuses('invalid-finding-kind', 'kind');
    given(created)
      .when(find({ text: '  ' }))
      .thenRefuses('finding-requires-text', 'text');
  });
});

describe('chasing policy', () => {
  const configure = (policy: unknown) =>
    ({ type: 'ConfigureChasingPolicy', ...base, policy }) as PlanCommand;
  const withChanges = (changes: Partial<Record<keyof ChasingPolicy, unknown>>) => ({
    ...DEFAULT_CHASING_POLICY,
    ...changes,
  });

  it("the default is domain.md's", () => {
    expect(DEFAULT_CHASING_POLICY).toEqual({
      reminderLeadTimes: ['P7D', 'P1D'],
      remindOnDueDate: true,
      overdueReminderInterval: 'P7D',
      escalationThresholds: [
        { level: 1, overdueBy: 'P14D' },
        { level: 2, overdueBy: 'P28D' },
        { level: 3, overdueBy: 'P56D' },
      ],
      highPriorityLevelsSooner: 1,
      consecutiveOffTrackToEscalate: 2,
      offTrackEscalationLevel: 1,
    });
    expect(validateChasingPolicy(DEFAULT_CHASING_POLICY)).toEqual(DEFAULT_CHASING_POLICY);
  });

  it('configures a policy', () => {
    const policy = withChanges({
      reminderLeadTimes: ['P2W', 'P1D'],
      overdueReminderInterval: null,
      consecutiveOffTrackToEscalate: null,
    });
    const state = given(created)
      .when(configure(policy))
      .then([{ type: 'ChasingPolicyConfigured', data: { policy } } as PlanEvent]);
    expect(createdState(state)).toMatchObject({
      chasingPolicy: policy,
      chasingPolicyConfigured: true,
    });
  });

  it('the policy already in force is nothing new', () => {
    given(created).when(configure(DEFAULT_CHASING_POLICY)).thenNothing();
  });

  it('refuses durations that are not positive ISO 8601 durations', () => {
    for (const bad of ['7 days', 'P', 'P0D', 'PT0S', 'P1.5D', 'p7d', '-P7D', 'P11Y', 7]) {
      given(created)
        .when(configure(withChanges({ overdueReminderInterval: bad })))
        .thenRefuses('invalid-duration', 'overdueReminderInterval');
    }
    given(created)
      .when(configure(withChanges({ reminderLeadTimes: ['P7D', 'P1DT'] })))
      .thenRefuses('invalid-duration', 'reminderLeadTimes[1]');
    given(created)
      .when(
        configure(withChanges({ escalationThresholds: [{ level: 1, overdueBy: 'fortnight' }] })),
      )
      .thenRefuses('invalid-duration', 'escalationThresholds[0].overdueBy');
  });

  it('refuses a policy that does not make sense', () => {
    const refusesAt = (changes: Partial<Record<keyof ChasingPolicy, unknown>>, field: string) =>
      given(created)
        .when(configure(withChanges(changes)))
        .thenRefuses('invalid-chasing-policy', field);
    given(created).when(configure(null)).thenRefuses('invalid-chasing-policy', 'policy');
    refusesAt({ reminderLeadTimes: 'P7D' }, 'reminderLeadTimes');
    refusesAt({ reminderLeadTimes: ['P7D', 'P1W'] }, 'reminderLeadTimes');
    refusesAt({ remindOnDueDate: 'yes' }, 'remindOnDueDate');
    refusesAt({ escalationThresholds: {} }, 'escalationThresholds');
    refusesAt(
      { escalationThresholds: [{ level: 0, overdueBy: 'P14D' }] },
      'escalationThresholds[0].level',
    );
    refusesAt(
      {
        escalationThresholds: [
          { level: 2, overdueBy: 'P14D' },
          { level: 1, overdueBy: 'P28D' },
        ],
      },
      'escalationThresholds[1].level',
    );
    refusesAt(
      {
        escalationThresholds: [
          { level: 1, overdueBy: 'P4W' },
          { level: 2, overdueBy: 'P28D' },
        ],
      },
      'escalationThresholds[1].overdueBy',
    );
    refusesAt({ highPriorityLevelsSooner: 4 }, 'highPriorityLevelsSooner');
    refusesAt({ highPriorityLevelsSooner: -1 }, 'highPriorityLevelsSooner');
    refusesAt({ consecutiveOffTrackToEscalate: 0 }, 'consecutiveOffTrackToEscalate');
    refusesAt({ offTrackEscalationLevel: 0 }, 'offTrackEscalationLevel');
  });

  it('given a created plan, when the policy counts in seconds (a demo), then it is configured', () => {
    const policy = withChanges({
      reminderLeadTimes: ['PT1M', 'PT30S'],
      overdueReminderInterval: 'PT30S',
      escalationThresholds: [
        { level: 1, overdueBy: 'PT30S' },
        { level: 2, overdueBy: 'PT1M' },
        { level: 3, overdueBy: 'PT1M30S' },
      ],
    });
    given(created)
      .when(configure(policy))
      .then([{ type: 'ChasingPolicyConfigured', data: { policy } } as PlanEvent]);
  });

  it('given durations with time parts, then they are compared as the moments they mean', () => {
    const refusesAt = (changes: Partial<Record<keyof ChasingPolicy, unknown>>, field: string) =>
      given(created)
        .when(configure(withChanges(changes)))
        .thenRefuses('invalid-chasing-policy', field);
    // PT24H before the due date is P1D before it (2001-01-01 has no clock change).
    refusesAt({ reminderLeadTimes: ['P1D', 'PT24H'] }, 'reminderLeadTimes');
    refusesAt(
      {
        escalationThresholds: [
          { level: 1, overdueBy: 'PT1M' },
          { level: 2, overdueBy: 'PT60S' },
        ],
      },
      'escalationThresholds[1].overdueBy',
    );
    // PT2H counts from becoming overdue, so it comes after P1D (the first overdue day's start).
    expect(() =>
      validateChasingPolicy(
        withChanges({
          escalationThresholds: [
            { level: 1, overdueBy: 'P1D' },
            { level: 2, overdueBy: 'PT2H' },
            { level: 3, overdueBy: 'P2DT0.5S' },
          ],
        }),
      ),
    ).not.toThrow();
  });

  it('given the default boards, when a level has no board, then the policy is refused naming it', () => {
    given(created)
      .when(
        configure(
          withChanges({
            escalationThresholds: [
              { level: 1, overdueBy: 'P14D' },
              { level: 4, overdueBy: 'P28D' },
            ],
          }),
        ),
      )
      .thenRefuses('policy-level-without-board', 'escalationThresholds[1].level');
    given(created)
      .when(configure(withChanges({ offTrackEscalationLevel: 5 })))
      .thenRefuses('policy-level-without-board', 'offTrackEscalationLevel');
    // With off-track escalation turned off its level is not used.
    given(created)
      .when(
        configure(withChanges({ offTrackEscalationLevel: 5, consecutiveOffTrackToEscalate: null })),
      )
      .then([
        {
          type: 'ChasingPolicyConfigured',
          data: {
            policy: withChanges({
              offTrackEscalationLevel: 5,
              consecutiveOffTrackToEscalate: null,
            }),
          },
        } as PlanEvent,
      ]);
  });

  it('given configured boards replace the defaults, then only their levels can be used', () => {
    const withTwoBoards = [created, board('clinic', 1), board('qapi', 2)];
    given(...withTwoBoards)
      .when(configure(DEFAULT_CHASING_POLICY))
      .thenRefuses('policy-level-without-board', 'escalationThresholds[2].level');
    const twoSteps = withChanges({
      escalationThresholds: [
        { level: 1, overdueBy: 'P14D' },
        { level: 2, overdueBy: 'P28D' },
      ],
    });
    given(...withTwoBoards)
      .when(configure(twoSteps))
      .then([{ type: 'ChasingPolicyConfigured', data: { policy: twoSteps } } as PlanEvent]);
  });

  it('months are allowed and compared by calendar', () => {
    const policy = withChanges({
      escalationThresholds: [
        { level: 1, overdueBy: 'P2W' },
        { level: 2, overdueBy: 'P1M' },
        { level: 3, overdueBy: 'P2M' },
      ],
    });
    expect(validateChasingPolicy(policy)).toEqual(policy);
  });
});

describe('evolve', () => {
  it('ignores events before PlanCreated, a second PlanCreated and unknown types', () => {
    expect(evolvePlan(initialPlanState, board('x', 1))).toBe(initialPlanState);
    const state = evolvePlan(initialPlanState, created);
    expect(evolvePlan(state, created)).toBe(state);
    expect(evolvePlan(state, { type: 'PlanArchived', data: {} } as unknown as PlanEvent)).toBe(
      state,
    );
  });
});

describe('coverage of this spec', () => {
  it('exercised every plan rule id', () => {
    const expected = [...PLAN_RULE_IDS, ...INPUT_RULE_IDS];
    expect(expected.filter((rule) => !refused.has(rule))).toEqual([]);
  });

  it('saw decide emit every plan event type', () => {
    expect(PLAN_EVENT_TYPES.filter((type) => !emitted.has(type))).toEqual([]);
  });
});
