import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type AuditExport, startAuditExport } from '@asc/audit';
import { EVENT_STORE, type EventStore } from '@asc/event-store';
import { ExportEventsQuery } from './export-events.query';

/**
 * The raw log for auditors. Reading it is put on record first (AuditExportStarted, ADR 11), so the
 * export is a query with an audit trail rather than a command that changes the plan.
 */
@QueryHandler(ExportEventsQuery)
export class ExportEventsHandler implements IQueryHandler<ExportEventsQuery, AuditExport> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ request, requester }: ExportEventsQuery): Promise<AuditExport> {
    return startAuditExport(this.store, request, requester);
  }
}
