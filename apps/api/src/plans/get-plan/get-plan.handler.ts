import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { boardsOf, isCreated, latestScores, planOverallScore } from '@asc/domain';
import { AggregateRepository, Clock, NotFoundError, PLAN } from '@asc/commands';
import { GetPlanQuery } from './get-plan.query';

/** The plan with its boards, policy, latest scores, and the overall percentage and rating. */
@QueryHandler(GetPlanQuery)
export class GetPlanHandler implements IQueryHandler<GetPlanQuery> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ planId, asOf }: GetPlanQuery) {
    const { state, version } = asOf
      ? await this.repository.load(PLAN, planId, asOf)
      : await this.repository.current(PLAN, planId);
    if (!isCreated(state)) throw new NotFoundError('plan', asOf ? `${planId} at ${asOf}` : planId);
    const { findings, scores, ...plan } = state;
    return {
      ...plan,
      version,
      boards: boardsOf(state),
      latestScores: latestScores(state),
      overall: planOverallScore(state) ?? null,
      scoreHistory: scores,
      findingCount: findings.length,
      asOf: asOf ?? this.clock.now().toISOString(),
    };
  }
}
