import { ServiceUnavailableException } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '@asc/commands';
import {
  ActionRegisterQuery,
  PROJECTIONS,
  ReadModels,
  ReadModelUnavailableError,
} from '@asc/read-models';
import { ListActionsQuery, type ListActionsResult } from './list-actions.query';

/** Longest wait for the register to reach a client's minPosition (read your own writes). */
export const MIN_POSITION_WAIT_MS = 2000;

const REGISTER = [PROJECTIONS.actionRegister];

/**
 * The action register from its read model. Delivery status and days overdue are computed for
 * today's Europe/London date from the injected clock, so they are current without any write.
 */
@QueryHandler(ListActionsQuery)
export class ListActionsHandler implements IQueryHandler<ListActionsQuery, ListActionsResult> {
  constructor(
    private readonly register: ActionRegisterQuery,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ filter, paging, minPosition }: ListActionsQuery): Promise<ListActionsResult> {
    if (minPosition !== undefined) {
      await this.readModels.waitForPosition(minPosition, MIN_POSITION_WAIT_MS, REGISTER);
    }
    const position = this.readModels.position(REGISTER);
    try {
      const body = await this.register.list(filter, paging, this.clock.now());
      return { body, position };
    } catch (error) {
      if (!(error instanceof ReadModelUnavailableError)) throw error;
      throw new ServiceUnavailableException({
        message: 'The read models are unavailable; retry later.',
        dependency: `read-models:${error.dialect}`,
      });
    }
  }
}
