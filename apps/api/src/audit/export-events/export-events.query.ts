import { type ExportRequest, type ExportRequester } from '@asc/audit';

export class ExportEventsQuery {
  constructor(
    readonly request: ExportRequest,
    readonly requester: ExportRequester,
  ) {}
}
