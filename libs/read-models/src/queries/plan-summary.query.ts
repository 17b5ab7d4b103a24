import {
  type Board,
  boardsOf,
  type ChasingPolicy,
  type CreatedPlan,
  latestScores,
  type OverallScore,
  planOverallScore,
  type PlanState,
  type ScoreRecord,
  type QualityStatementCode,
} from '@asc/domain';
import { type ReadModelDatabase } from '../database/read-model-database';
import { type PlanSummaryRow } from '../projections/plan-summary.projection';

export interface PlanSummary {
  planId: string;
  authority: string;
  title: string;
  period: CreatedPlan['period'];
  boards: Board[];
  chasingPolicy: ChasingPolicy;
  /** False while the plan follows the default policy. */
  chasingPolicyConfigured: boolean;
  latestScores: Partial<Record<QualityStatementCode, ScoreRecord>>;
  /** Percentage of the maximum and its rating; null while nothing is scored. */
  overall: OverallScore | null;
  /** Every score recorded, in the order recorded. */
  scoreHistory: readonly ScoreRecord[];
  findingCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
  position: number;
}

/** The plan summary read model: boards, policy, latest scores, overall percentage and rating. */
export class PlanSummaryQuery {
  constructor(private readonly db: ReadModelDatabase) {}

  async get(planId: string): Promise<PlanSummary | undefined> {
    const [row] = await this.db.query<PlanSummaryRow>(
      'SELECT * FROM plan_summary WHERE plan_id = ?',
      [planId],
    );
    return row && toSummary(row);
  }

  async list(): Promise<PlanSummary[]> {
    const rows = await this.db.query<PlanSummaryRow>(
      'SELECT * FROM plan_summary ORDER BY created_at, plan_id',
    );
    return rows.map(toSummary);
  }
}

function toSummary(row: PlanSummaryRow): PlanSummary {
  const state = JSON.parse(row.state) as PlanState & CreatedPlan;
  return {
    planId: row.plan_id,
    authority: row.authority,
    title: row.title,
    period: state.period,
    boards: boardsOf(state),
    chasingPolicy: state.chasingPolicy,
    chasingPolicyConfigured: state.chasingPolicyConfigured,
    latestScores: latestScores(state),
    overall: planOverallScore(state) ?? null,
    scoreHistory: state.scores,
    findingCount: state.findings.length,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    position: Number(row.position),
  };
}
