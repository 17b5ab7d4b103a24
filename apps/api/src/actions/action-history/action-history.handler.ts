import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { actorLabel, describeHistory } from '@asc/audit';
import { ACTION, NotFoundError, PlanLookup } from '@asc/commands';
import { boardsOf, defaultBoards } from '@asc/domain';
import { EVENT_STORE, type EventStore } from '@asc/event-store';
import { ActionHistoryQuery, type ActionHistoryResult } from './action-history.query';

/**
 * Every stored event of the action's stream, as stored (not upcast: what the hash covers), each
 * with a sentence a person reads. Streams hold a few hundred events at most, so all are returned.
 * Boards are named as the plan has them configured today.
 */
@QueryHandler(ActionHistoryQuery)
export class ActionHistoryHandler implements IQueryHandler<
  ActionHistoryQuery,
  ActionHistoryResult
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly plans: PlanLookup,
  ) {}

  async execute({ actionId }: ActionHistoryQuery): Promise<ActionHistoryResult> {
    const events = await this.store.readStream(ACTION.streamOf(actionId));
    if (events.length === 0) throw new NotFoundError('action', actionId);
    const planId = events[0].data.planId;
    const boards = typeof planId === 'string' ? await this.boardsOf(planId) : defaultBoards();
    const descriptions = describeHistory(events, { boards });
    return {
      actionId,
      events: events.map((e, i) => ({
        position: e.position,
        version: e.version,
        type: e.type,
        schemaVersion: e.schemaVersion,
        recordedAt: e.recordedAt,
        actor: e.metadata.actor,
        actorName: actorLabel(e.metadata),
        description: descriptions[i],
        correlationId:
          typeof e.metadata.correlationId === 'string' ? e.metadata.correlationId : null,
        hash: e.hash,
        data: e.data,
      })),
    };
  }

  private async boardsOf(planId: string) {
    try {
      return boardsOf(await this.plans.plan(planId));
    } catch (error) {
      if (error instanceof NotFoundError) return defaultBoards();
      throw error;
    }
  }
}
