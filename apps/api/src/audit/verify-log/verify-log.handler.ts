import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { describeBrokenEvent } from '@asc/audit';
import { EVENT_STORE, type EventStore } from '@asc/event-store';
import { VerifyLogQuery, type VerifyLogResult } from './verify-log.query';

/**
 * Recomputes every hash chain (the store's verify: pages of the global log, yielding to the event
 * loop between them, so other requests are served meanwhile).
 */
@QueryHandler(VerifyLogQuery)
export class VerifyLogHandler implements IQueryHandler<VerifyLogQuery, VerifyLogResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<VerifyLogResult> {
    const { firstBroken, ...report } = await this.store.verify();
    return firstBroken
      ? {
          ...report,
          firstBroken: { ...firstBroken, description: describeBrokenEvent(firstBroken) },
        }
      : report;
  }
}
