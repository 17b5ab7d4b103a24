/**
 * @asc/audit — what an auditor reads: each event in plain words, the raw log exported as JSON
 * lines or CSV, and the events that put every export on record (ADR 11). No Nest; the only I/O is
 * through the EventStore port the caller passes in.
 */
export { actorLabel } from './actor-label';
export {
  AUDIT_EVENT_SCHEMA_VERSIONS,
  AUDIT_EXPORT_COMPLETED,
  AUDIT_EXPORT_STARTED,
  type AuditExportCompletedData,
  type AuditExportStartedData,
  auditExportStreamName,
  EXPORT_FORMATS,
  type ExportFormat,
} from './audit-export.events';
export { describeBrokenEvent } from './broken-event-description';
export {
  type DescribableEvent,
  type DescriptionContext,
  describeEvent,
  describeHistory,
} from './event-description';
export {
  type AuditExport,
  EXPORT_CONTENT_TYPES,
  EXPORT_CSV_COLUMNS,
  EXPORT_CSV_HEADER,
  eventToCsvRow,
  eventToJsonLine,
  exportEventLog,
  type ExportLogOptions,
  type ExportRequester,
  type ExportSummary,
  startAuditExport,
} from './event-export';
export {
  type ExportRequest,
  ExportRequestError,
  type ExportRequestProblem,
  parseExportRequest,
} from './export-request';
export { type HistoryEntry, historyToCsv } from './history-csv';
export { longDate } from './plain-words';
