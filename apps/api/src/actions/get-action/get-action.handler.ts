import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { actionDaysOverdue, deliveryStatus, isRaised, londonDateOf } from '@asc/domain';
import { ACTION, AggregateRepository, Clock, NotFoundError } from '@asc/commands';
import { ReadModels } from '@asc/read-models';
import { GetActionQuery } from './get-action.query';

/**
 * The action's current state, folded from its stream with the same evolve the write side uses;
 * with `asOf`, as it stood then: the latest snapshot at or before that moment and the stream's
 * events after it up to the moment (ADR 10), never today's tables. Delivery status and days
 * overdue are computed for the London calendar date of that moment.
 */
@QueryHandler(GetActionQuery)
export class GetActionHandler implements IQueryHandler<GetActionQuery> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  /** The answer as JSON text: the controller sends it as it is. */
  async execute({ actionId, asOf }: GetActionQuery): Promise<string> {
    const folded = asOf
      ? await this.asOf(actionId, asOf)
      : await this.repository.current(ACTION, actionId);
    const { state, version, position } = folded;
    if (!isRaised(state)) {
      // Exists now but not then: a 404 that says so.
      if (asOf && isRaised((await this.repository.current(ACTION, actionId)).state)) {
        throw new NotFoundError('action', actionId, asOf);
      }
      throw new NotFoundError('action', actionId);
    }
    const at = asOf ?? this.clock.now().toISOString();
    const today = asOf ? londonDateOf(at) : this.londonToday(at);
    // Everything but `asOf` depends only on the fold and the date: serialised once per version.
    let head = this.bodies.get(folded);
    if (head?.today !== today) {
      const body = JSON.stringify({
        ...state,
        version,
        position,
        deliveryStatus: deliveryStatus(state, today),
        daysOverdue: actionDaysOverdue(state, today),
      });
      head = { today, json: body.slice(0, -1) };
      if (!asOf) this.bodies.set(folded, head);
    }
    return `${head.json},"asOf":${JSON.stringify(at)}}`;
  }

  /** Serialised answers without `asOf`, kept as long as the repository keeps their fold (ADR 14). */
  private readonly bodies = new WeakMap<object, { today: string; json: string }>();

  /**
   * London's date for a `…Z` instant of now, worked out once per UTC hour: its offset is a whole
   * hour and changes on the hour, so the date cannot change within one (ADR 14).
   */
  private londonToday(now: string): string {
    const hour = now.slice(0, 13);
    if (hour !== this.todayFor.hour) this.todayFor = { hour, date: londonDateOf(now) };
    return this.todayFor.date;
  }

  private todayFor = { hour: '', date: '' };

  private async asOf(actionId: string, until: string) {
    const { fold, position } = await this.readModels.asOf.action(actionId, until);
    return { state: fold.state, version: fold.version, position };
  }
}
