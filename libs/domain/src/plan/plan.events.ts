import { type QualityStatementCode, type Score } from '../cqc/cqc-catalogue';
import { type ChasingPolicy } from './chasing-policy';

/**
 * The facts stored in a plan's stream (`plan-<uuid>`). Names and data fields as domain.md;
 * ChasingPolicyConfigured is an addition (domain.md makes the policy configurable per plan but
 * names no event for it). Optional values are `null`, never omitted.
 */

export const SCORE_SOURCES = ['cqc', 'self-assessment'] as const;
export type ScoreSource = (typeof SCORE_SOURCES)[number];

export const FINDING_KINDS = ['working-well', 'area-for-improvement', 'cqc-finding'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** The period a plan covers, both ends inclusive (`YYYY-MM-DD`). */
export interface PlanPeriod {
  readonly from: string;
  readonly to: string;
}

export interface PlanCreatedData {
  readonly planId: string;
  /** The council, e.g. "Medway Council". */
  readonly authority: string;
  readonly title: string;
  readonly period: PlanPeriod | null;
}

export interface BoardConfiguredData {
  readonly boardId: string;
  readonly name: string;
  readonly chair: string | null;
  readonly level: number;
  readonly email: string | null;
}

export interface QualityStatementScoredData {
  readonly qualityStatement: QualityStatementCode;
  readonly score: Score;
  readonly source: ScoreSource;
  /** `YYYY-MM-DD`: when the assessment was made (not when it was entered). */
  readonly assessedAt: string;
}

export interface FindingRecordedData {
  readonly findingId: string;
  readonly qualityStatement: QualityStatementCode;
  readonly kind: FindingKind;
  readonly text: string;
}

export interface ChasingPolicyConfiguredData {
  readonly policy: ChasingPolicy;
}

type Event<T extends string, D> = { readonly type: T; readonly data: D };

export type PlanCreated = Event<'PlanCreated', PlanCreatedData>;
export type BoardConfigured = Event<'BoardConfigured', BoardConfiguredData>;
export type QualityStatementScored = Event<'QualityStatementScored', QualityStatementScoredData>;
export type FindingRecorded = Event<'FindingRecorded', FindingRecordedData>;
export type ChasingPolicyConfigured = Event<'ChasingPolicyConfigured', ChasingPolicyConfiguredData>;

export type PlanEvent =
  | PlanCreated
  | BoardConfigured
  | QualityStatementScored
  | FindingRecorded
  | ChasingPolicyConfigured;

export type PlanEventType = PlanEvent['type'];

export const PLAN_EVENT_TYPES = [
  'PlanCreated',
  'BoardConfigured',
  'QualityStatementScored',
  'FindingRecorded',
  'ChasingPolicyConfigured',
] as const satisfies readonly PlanEventType[];

export const PLAN_EVENT_SCHEMA_VERSIONS: Readonly<Record<PlanEventType, number>> = Object.freeze({
  PlanCreated: 1,
  BoardConfigured: 1,
  QualityStatementScored: 1,
  FindingRecorded: 1,
  ChasingPolicyConfigured: 1,
});

export function isPlanEventType(type: unknown): type is PlanEventType {
  return typeof type === 'string' && (PLAN_EVENT_TYPES as readonly string[]).includes(type);
}

/** The stream a plan's events live in. */
export function planStreamName(planId: string): string {
  return `plan-${planId}`;
}

// Compile-time check: PLAN_EVENT_TYPES lists every member of the union.
const _everyPlanEventListed: [Exclude<PlanEventType, (typeof PLAN_EVENT_TYPES)[number]>] extends [
  never,
]
  ? true
  : never = true;
