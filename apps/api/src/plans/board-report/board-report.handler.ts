import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { isCreated } from '@asc/domain';
import { type BoardReport, buildBoardReport, isBoardReportInputError } from '@asc/board-report';
import { AggregateRepository, NotFoundError, PLAN } from '@asc/commands';
import { ReadModels } from '@asc/read-models';
import { InvalidInputException } from '../../http/problem-details';
import { BoardReportQuery } from './board-report.query';

/**
 * What a board reads, as the log stood at `asOf`: the plan replayed up to that moment, and each of
 * its actions from its latest snapshot at or before it plus the events after it up to it (ADR 10);
 * never today's tables.
 */
@QueryHandler(BoardReportQuery)
export class BoardReportHandler implements IQueryHandler<BoardReportQuery, BoardReport> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly readModels: ReadModels,
  ) {}

  async execute({
    planId,
    boardId,
    asOf,
    previousMeetingDate,
  }: BoardReportQuery): Promise<BoardReport> {
    const { state: plan } = await this.repository.load(PLAN, planId, asOf);
    if (!isCreated(plan)) {
      const exists = isCreated((await this.repository.current(PLAN, planId)).state);
      throw new NotFoundError('plan', planId, exists ? asOf : undefined);
    }
    const actions = await this.readModels.asOf.planActions(planId, asOf);
    try {
      return buildBoardReport({ plan, boardId, asOf, previousMeetingDate, actions });
    } catch (error) {
      if (!isBoardReportInputError(error)) throw error;
      if (error.field === 'boardId') throw new NotFoundError('board', boardId);
      throw new InvalidInputException([{ field: error.field, rule: error.message }]);
    }
  }
}
