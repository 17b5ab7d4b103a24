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
    const { state, version, events } = await this.repository.load(ACTION, actionId, asOf);
    if (!isRaised(state)) {
      throw new NotFoundError('action', asOf ? `${actionId} at ${asOf}` : actionId);
    }
    const at = asOf ?? this.clock.now().toISOString();
    const today = londonDateOf(at);
    return {
      ...state,
      version,
      position: events[events.length - 1].position,
      deliveryStatus: deliveryStatus(state, today),
      daysOverdue: actionDaysOverdue(state, today),
      asOf: at,
    };
  }
}
