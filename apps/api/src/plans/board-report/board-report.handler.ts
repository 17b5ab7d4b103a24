import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { isCreated } from '@asc/domain';
import {
  type ActionHistory,
  type BoardReport,
  buildBoardReport,
  isBoardReportInputError,
} from '@asc/board-report';
import { ACTION, AggregateRepository, NotFoundError, PLAN } from '@asc/commands';
import { ReadModels } from '@asc/read-models';
import { InvalidInputException } from '../../http/problem-details';
import { BoardReportQuery } from './board-report.query';

const PAGE = 200;

/**
 * What a board reads, as the log stood at `asOf`: the plan and every one of its actions are
 * replayed up to that moment (never read from today's tables). The register only says which
 * actions the plan has; actions are never deleted, so today's list covers every earlier moment.
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
    if (!isCreated(plan)) throw new NotFoundError('plan', `${planId} at ${asOf}`);
    const actions: ActionHistory[] = [];
    for (const actionId of await this.actionIds(planId)) {
      const { events } = await this.repository.load(ACTION, actionId, asOf);
      if (events.length === 0) continue;
      actions.push({
        actionId,
        events: events.map((e) => ({
          type: e.type,
          data: e.data,
          recordedAt: e.recordedAt,
          version: e.version,
        })),
      });
    }
    try {
      return buildBoardReport({ plan, boardId, asOf, previousMeetingDate, actions });
    } catch (error) {
      if (!isBoardReportInputError(error)) throw error;
      if (error.field === 'boardId') throw new NotFoundError('board', boardId);
      throw new InvalidInputException([{ field: error.field, rule: error.message }]);
    }
  }

  private async actionIds(planId: string): Promise<string[]> {
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const { items, total } = await this.readModels.actions.list(
        { planId },
        { page, pageSize: PAGE },
        new Date(),
      );
      ids.push(...items.map((item) => item.actionId));
      if (ids.length >= total || items.length === 0) return ids;
    }
  }
}
