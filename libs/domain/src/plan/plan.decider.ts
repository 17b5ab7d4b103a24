import { isScore, resolveQualityStatement, type QualityStatementCode } from '../cqc/cqc-catalogue';
import { type Decider } from '../shared/decider';
import { refuse } from '../shared/domain-rule-violation';
import {
  isPlausibleEmail,
  oneOf,
  optionalText,
  requireActor,
  requireDate,
  requireInstant,
  requireText,
} from '../shared/validation.helpers';
import { validateChasingPolicy } from './chasing-policy';
import {
  type ConfigureBoard,
  type ConfigureChasingPolicy,
  type CreatePlan,
  type PlanCommand,
  type RecordFinding,
  type ScoreQualityStatement,
} from './plan.commands';
import { FINDING_KINDS, SCORE_SOURCES, type PlanEvent, type PlanPeriod } from './plan.events';
import {
  boardsOf,
  evolvePlan,
  initialPlanState,
  isCreated,
  type CreatedPlan,
  type PlanState,
} from './plan.state';

/** Decide a plan command: events to append (none for an idempotent repeat) or a refusal. */
export function decidePlan(command: PlanCommand, state: PlanState): PlanEvent[] {
  requireInstant(command.now);
  requireActor(command.actor);

  if (command.type === 'CreatePlan') return create(command, state);
  if (!isCreated(state)) {
    refuse('plan-not-created', 'There is no such plan: it has not been created.', 'planId');
  }
  if (command.planId !== state.planId) {
    refuse(
      'plan-id-mismatch',
      `The command is for plan ${String(command.planId)}, not ${state.planId}.`,
      'planId',
    );
  }
  switch (command.type) {
    case 'ConfigureBoard':
      return configureBoard(command, state);
    case 'ScoreQualityStatement':
      return score(command, state);
    case 'RecordFinding':
      return recordFinding(command, state);
    case 'ConfigureChasingPolicy':
      return configurePolicy(command, state);
    default: {
      const unknown: never = command;
      return refuse(
        'unknown-command',
        `Unknown command ${String((unknown as { type?: unknown }).type)}.`,
      );
    }
  }
}

function create(command: CreatePlan, state: PlanState): PlanEvent[] {
  if (isCreated(state)) {
    refuse('plan-already-created', `Plan ${state.planId} already exists.`, 'planId');
  }
  const planId = requireText(command.planId, 'plan-id-required', 'A plan needs an id.', 'planId');
  const authority = requireText(
    command.authority,
    'authority-required',
    'A plan belongs to a council: authority is required.',
    'authority',
  );
  const title = requireText(command.title, 'title-required', 'A plan needs a title.', 'title');
  return [
    {
      type: 'PlanCreated',
      data: { planId, authority, title, period: validPeriod(command.period) },
    },
  ];
}

function validPeriod(period: CreatePlan['period']): PlanPeriod | null {
  if (period === undefined || period === null) return null;
  if (typeof period !== 'object') {
    refuse('invalid-period', 'period is { from, to }, two YYYY-MM-DD dates.', 'period');
  }
  const from = requireDate(period.from, 'period.from');
  const to = requireDate(period.to, 'period.to');
  if (to < from)
    refuse('invalid-period', `The period ends (${to}) before it starts (${from}).`, 'period');
  return { from, to };
}

function configureBoard(command: ConfigureBoard, state: CreatedPlan): PlanEvent[] {
  const boardId = requireText(
    command.boardId,
    'board-id-required',
    'A board needs an id.',
    'boardId',
  );
  const name = requireText(command.name, 'board-requires-name', 'A board needs a name.', 'name');
  const level = command.level;
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 1) {
    refuse('invalid-board-level', 'level must be a whole number, 1 or more.', 'level');
  }
  const chair = optionalText(command.chair, 'invalid-board-chair', 'chair must be text.', 'chair');
  let email: string | null = null;
  if (command.email !== undefined && command.email !== null && command.email !== '') {
    if (!isPlausibleEmail(command.email)) {
      refuse('invalid-email', 'email must be a valid email address.', 'email');
    }
    email = command.email.trim();
  }
  const taken = state.boards.find((b) => b.level === level && b.boardId !== boardId);
  if (taken) {
    refuse(
      'board-level-taken',
      `Level ${level} is already ${taken.name}'s: each level has one board.`,
      'level',
    );
  }
  const current = state.boards.find((b) => b.boardId === boardId);
  if (
    current &&
    current.name === name &&
    current.chair === chair &&
    current.level === level &&
    current.email === email
  ) {
    return [];
  }
  return [{ type: 'BoardConfigured', data: { boardId, name, chair, level, email } }];
}

function resolveCode(input: unknown): QualityStatementCode {
  const qs = resolveQualityStatement(input);
  if (!qs) {
    refuse(
      'unknown-quality-statement',
      `"${String(input)}" is not one of the nine CQC quality statements (QS1–QS9 or a name).`,
      'qualityStatement',
    );
  }
  return qs.code;
}

function score(command: ScoreQualityStatement, state: CreatedPlan): PlanEvent[] {
  const qualityStatement = resolveCode(command.qualityStatement);
  if (!isScore(command.score)) {
    refuse('score-out-of-range', 'score must be 1, 2, 3 or 4.', 'score');
  }
  if (!oneOf(SCORE_SOURCES, command.source)) {
    refuse('invalid-score-source', 'source must be cqc or self-assessment.', 'source');
  }
  const assessedAt = requireDate(command.assessedAt, 'assessedAt');
  const data = { qualityStatement, score: command.score, source: command.source, assessedAt };
  const already = state.scores.some(
    (s) =>
      s.qualityStatement === data.qualityStatement &&
      s.score === data.score &&
      s.source === data.source &&
      s.assessedAt === data.assessedAt,
  );
  return already ? [] : [{ type: 'QualityStatementScored', data }];
}

function recordFinding(command: RecordFinding, state: CreatedPlan): PlanEvent[] {
  const findingId = requireText(
    command.findingId,
    'finding-id-required',
    'A finding needs an id.',
    'findingId',
  );
  const qualityStatement = resolveCode(command.qualityStatement);
  if (!oneOf(FINDING_KINDS, command.kind)) {
    refuse(
      'invalid-finding-kind',
      'kind must be working-well, area-for-improvement or cqc-finding.',
      'kind',
    );
  }
  const text = requireText(
    command.text,
    'finding-requires-text',
    'A finding needs its text.',
    'text',
  );
  const existing = state.findings.find((f) => f.findingId === findingId);
  if (existing) {
    if (
      existing.qualityStatement === qualityStatement &&
      existing.kind === command.kind &&
      existing.text === text
    ) {
      return [];
    }
    refuse(
      'finding-id-conflict',
      `Finding ${findingId} is already recorded with different content.`,
      'findingId',
    );
  }
  return [
    { type: 'FindingRecorded', data: { findingId, qualityStatement, kind: command.kind, text } },
  ];
}

function configurePolicy(command: ConfigureChasingPolicy, state: CreatedPlan): PlanEvent[] {
  const policy = validateChasingPolicy(command.policy);
  // Every level the policy escalates to needs a board (configured, or the three defaults),
  // or the chaser would have nowhere to send the action when the moment comes.
  const levels = boardsOf(state).map((b) => b.level);
  const requireBoard = (level: number, field: string) => {
    if (!levels.includes(level)) {
      refuse(
        'policy-level-without-board',
        `${field} is ${level}, but the plan has no board at level ${level} (its boards are at ${levels.length === 1 ? 'level' : 'levels'} ${levels.join(', ')}).`,
        field,
      );
    }
  };
  policy.escalationThresholds.forEach((t, i) =>
    requireBoard(t.level, `escalationThresholds[${i}].level`),
  );
  if (policy.consecutiveOffTrackToEscalate !== null) {
    requireBoard(policy.offTrackEscalationLevel, 'offTrackEscalationLevel');
  }
  if (JSON.stringify(policy) === JSON.stringify(state.chasingPolicy)) return [];
  return [{ type: 'ChasingPolicyConfigured', data: { policy } }];
}

/** The plan aggregate as a Decider. */
export const planDecider: Decider<PlanCommand, PlanEvent, PlanState> = Object.freeze({
  initialState: initialPlanState,
  decide: decidePlan,
  evolve: evolvePlan,
});
