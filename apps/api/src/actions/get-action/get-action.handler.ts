import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { actionDaysOverdue, deliveryStatus, isRaised, londonDateOf } from '@asc/domain';
import { ACTION, AggregateRepository, Clock, NotFoundError } from '@asc/commands';
import { GetActionQuery } from './get-action.query';

/**
 * The action's current state, folded from its stream with the same evolve the write side uses;
 * with `asOf`, only the events recorded by then. Delivery status and days overdue are computed for
 * the London calendar date of that moment.
 */
@QueryHandler(GetActionQuery)
export class GetActionHandler implements IQueryHandler<GetActionQuery> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ actionId, asOf }: GetActionQuery) {
    const { state, version, position } = asOf
      ? await this.asOf(actionId, asOf)
      : await this.repository.current(ACTION, actionId);
    if (!isRaised(state)) {
      throw new NotFoundError('action', asOf ? `${actionId} at ${asOf}` : actionId);
    }
    const at = asOf ?? this.clock.now().toISOString();
    const today = londonDateOf(at);
    return {
      ...state,
      version,
      position,
      deliveryStatus: deliveryStatus(state, today),
      daysOverdue: actionDaysOverdue(state, today),
      asOf: at,
    };
  }

  private async asOf(actionId: string, until: string) {
    const { state, version, events } = await this.repository.load(ACTION, actionId, until);
    return { state, version, position: events.at(-1)?.position ?? 0 };
  }
}
