import { type ChasingPolicy } from './chasing-policy';
import { type FindingKind, type PlanPeriod, type ScoreSource } from './plan.events';

/** Commands to the plan aggregate; like action commands they carry `now` and `actor`. */
interface PlanCommandBase {
  readonly planId: string;
  readonly now: string;
  readonly actor: string;
}

type Command<T extends string, D> = { readonly type: T } & PlanCommandBase & D;

export type CreatePlan = Command<
  'CreatePlan',
  { readonly authority: string; readonly title: string; readonly period?: PlanPeriod | null }
>;

/** Set up a board or change it (same boardId). */
export type ConfigureBoard = Command<
  'ConfigureBoard',
  {
    readonly boardId: string;
    readonly name: string;
    readonly chair?: string | null;
    readonly level: number;
    readonly email?: string | null;
  }
>;

export type ScoreQualityStatement = Command<
  'ScoreQualityStatement',
  {
    /** A code (`QS8`) or a name, matched loosely. */
    readonly qualityStatement: string;
    readonly score: number;
    readonly source: ScoreSource;
    /** `YYYY-MM-DD`. */
    readonly assessedAt: string;
  }
>;

export type RecordFinding = Command<
  'RecordFinding',
  {
    readonly findingId: string;
    readonly qualityStatement: string;
    readonly kind: FindingKind;
    readonly text: string;
  }
>;

export type ConfigureChasingPolicy = Command<
  'ConfigureChasingPolicy',
  { readonly policy: ChasingPolicy }
>;

export type PlanCommand =
  CreatePlan | ConfigureBoard | ScoreQualityStatement | RecordFinding | ConfigureChasingPolicy;

export type PlanCommandType = PlanCommand['type'];

export const PLAN_COMMAND_TYPES = [
  'CreatePlan',
  'ConfigureBoard',
  'ScoreQualityStatement',
  'RecordFinding',
  'ConfigureChasingPolicy',
] as const satisfies readonly PlanCommandType[];
