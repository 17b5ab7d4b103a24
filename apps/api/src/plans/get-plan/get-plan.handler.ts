import { ServiceUnavailableException } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { boardsOf, isCreated, latestScores, planOverallScore } from '@asc/domain';
import { AggregateRepository, Clock, NotFoundError, PLAN } from '@asc/commands';
import {
  PlanSummaryQuery,
  PROJECTIONS,
  ReadModels,
  ReadModelUnavailableError,
} from '@asc/read-models';
import { MIN_POSITION_WAIT_MS } from '../../actions/list-actions/list-actions.handler';
import { GetPlanQuery, type GetPlanResult } from './get-plan.query';

const SUMMARY = [PROJECTIONS.planSummary];

/**
 * The plan with its boards, policy, latest scores, and the overall percentage and rating: from
 * the plan-summary read model (read your own writes with minPosition), or, `asOf` a moment, by
 * replaying the plan's stream up to it.
 */
@QueryHandler(GetPlanQuery)
export class GetPlanHandler implements IQueryHandler<GetPlanQuery, GetPlanResult> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly clock: Clock,
    private readonly plans: PlanSummaryQuery,
    private readonly readModels: ReadModels,
  ) {}

  async execute({ planId, asOf, minPosition }: GetPlanQuery): Promise<GetPlanResult> {
    if (asOf) return { body: await this.replayed(planId, asOf) };
    if (minPosition !== undefined) {
      await this.readModels.waitForPosition(minPosition, MIN_POSITION_WAIT_MS, SUMMARY);
    }
    const position = this.readModels.position(SUMMARY);
    const summary = await this.plans.get(planId).catch((error: unknown) => {
      if (!(error instanceof ReadModelUnavailableError)) throw error;
      throw new ServiceUnavailableException({
        message: 'The read models are unavailable; retry later.',
        dependency: `read-models:${error.dialect}`,
      });
    });
    if (!summary) throw new NotFoundError('plan', planId);
    const { createdAt: _c, updatedAt: _u, position: _p, ...plan } = summary;
    // The same shape as the replayed answer.
    return {
      body: { status: 'active', ...plan, asOf: this.clock.now().toISOString() },
      position,
    };
  }

  private async replayed(planId: string, asOf: string) {
    const { state, version } = await this.repository.load(PLAN, planId, asOf);
    if (!isCreated(state)) throw new NotFoundError('plan', `${planId} at ${asOf}`);
    const { findings, scores, ...plan } = state;
    return {
      ...plan,
      version,
      boards: boardsOf(state),
      latestScores: latestScores(state),
      overall: planOverallScore(state) ?? null,
      scoreHistory: scores,
      findingCount: findings.length,
      asOf,
    };
  }
}
