import {
  overallScore,
  type OverallScore,
  type QualityStatementCode,
  type Score,
} from '../cqc/cqc-catalogue';
import { DEFAULT_CHASING_POLICY, type ChasingPolicy } from './chasing-policy';
import { defaultBoards, type Board } from './default-boards';
import { type FindingKind, type PlanEvent, type PlanPeriod, type ScoreSource } from './plan.events';

export interface ScoreRecord {
  readonly qualityStatement: QualityStatementCode;
  readonly score: Score;
  readonly source: ScoreSource;
  readonly assessedAt: string;
}

export interface Finding {
  readonly findingId: string;
  readonly qualityStatement: QualityStatementCode;
  readonly kind: FindingKind;
  readonly text: string;
}

export interface UncreatedPlan {
  readonly status: 'none';
}

export interface CreatedPlan {
  readonly status: 'active';
  readonly planId: string;
  readonly authority: string;
  readonly title: string;
  readonly period: PlanPeriod | null;
  /** Boards configured by events, in the order first configured. Empty: see boardsOf. */
  readonly boards: readonly Board[];
  /** Every score recorded, in the order recorded. */
  readonly scores: readonly ScoreRecord[];
  readonly findings: readonly Finding[];
  /** The configured policy, or DEFAULT_CHASING_POLICY. */
  readonly chasingPolicy: ChasingPolicy;
  readonly chasingPolicyConfigured: boolean;
}

export type PlanState = UncreatedPlan | CreatedPlan;

export const initialPlanState: PlanState = Object.freeze({ status: 'none' });

export function isCreated(state: PlanState): state is CreatedPlan {
  return state.status !== 'none';
}

/**
 * The boards a plan escalates to, by level: those configured, or Medway's three default boards
 * when none has been configured. Configuring the first board replaces all three defaults.
 */
export function boardsOf(state: PlanState): Board[] {
  const configured = isCreated(state) ? state.boards : [];
  const boards = configured.length > 0 ? [...configured] : defaultBoards();
  return boards.sort((a, b) => a.level - b.level);
}

export function boardById(state: PlanState, boardId: string): Board | undefined {
  return boardsOf(state).find((b) => b.boardId === boardId);
}

export function boardForLevel(state: PlanState, level: number): Board | undefined {
  return boardsOf(state).find((b) => b.level === level);
}

/**
 * The latest score of each quality statement (optionally of one source): the latest assessedAt;
 * of two on the same date, the one recorded later (a correction).
 */
export function latestScores(
  state: PlanState,
  source?: ScoreSource,
): Partial<Record<QualityStatementCode, ScoreRecord>> {
  const latest: Partial<Record<QualityStatementCode, ScoreRecord>> = {};
  if (!isCreated(state)) return latest;
  for (const record of state.scores) {
    if (source !== undefined && record.source !== source) continue;
    const current = latest[record.qualityStatement];
    if (current === undefined || record.assessedAt >= current.assessedAt) {
      latest[record.qualityStatement] = record;
    }
  }
  return latest;
}

/** Overall percentage and rating from the latest scores; undefined when nothing is scored. */
export function planOverallScore(state: PlanState, source?: ScoreSource): OverallScore | undefined {
  const latest = latestScores(state, source);
  const scores: Partial<Record<QualityStatementCode, Score>> = {};
  for (const [code, record] of Object.entries(latest) as [QualityStatementCode, ScoreRecord][]) {
    scores[code] = record.score;
  }
  return overallScore(scores);
}

export function evolvePlan(state: PlanState, event: PlanEvent): PlanState {
  if (event.type === 'PlanCreated') {
    if (isCreated(state)) return state;
    return {
      status: 'active',
      planId: event.data.planId,
      authority: event.data.authority,
      title: event.data.title,
      period: event.data.period,
      boards: [],
      scores: [],
      findings: [],
      chasingPolicy: DEFAULT_CHASING_POLICY,
      chasingPolicyConfigured: false,
    };
  }
  if (!isCreated(state)) return state;
  switch (event.type) {
    case 'BoardConfigured': {
      const board: Board = { ...event.data };
      const exists = state.boards.some((b) => b.boardId === board.boardId);
      return {
        ...state,
        boards: exists
          ? state.boards.map((b) => (b.boardId === board.boardId ? board : b))
          : [...state.boards, board],
      };
    }
    case 'QualityStatementScored':
      return { ...state, scores: [...state.scores, { ...event.data }] };
    case 'FindingRecorded':
      return { ...state, findings: [...state.findings, { ...event.data }] };
    case 'ChasingPolicyConfigured':
      return { ...state, chasingPolicy: event.data.policy, chasingPolicyConfigured: true };
    default: {
      const _unknown: never = event;
      return state;
    }
  }
}
