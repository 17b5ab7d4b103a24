/**
 * An export of the raw log is itself on record (ADR 11): `AuditExportStarted` is appended before
 * the first byte goes out, so an export that is aborted, or whose file is lost, still shows who
 * took what; `AuditExportCompleted` follows once every event was written, with the count and the
 * SHA-256 of the bytes, so a file produced by the export can be proved to be that export.
 * Stream per export: `audit-export-<exportId>` (version 0 started, version 1 completed).
 */

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface AuditExportStartedData {
  readonly exportId: string;
  /** ISO instant: events recorded at or after it; null for the start of the log. */
  readonly from: string | null;
  /** ISO instant: events recorded at or before it (the moment of the request by default). */
  readonly to: string;
  readonly format: ExportFormat;
  /** Subject id (API) or `--actor` / `os-user:<name>` (CLI). */
  readonly requestedBy: string;
  /** How it was taken: `api` or `cli`. */
  readonly channel: 'api' | 'cli';
}

export interface AuditExportCompletedData {
  readonly exportId: string;
  /** Events written. */
  readonly events: number;
  readonly bytes: number;
  /** Lower-case hex SHA-256 of exactly the bytes written. */
  readonly sha256: string;
}

export const AUDIT_EXPORT_STARTED = 'AuditExportStarted';
export const AUDIT_EXPORT_COMPLETED = 'AuditExportCompleted';

export const AUDIT_EVENT_SCHEMA_VERSIONS: Readonly<Record<string, number>> = Object.freeze({
  [AUDIT_EXPORT_STARTED]: 1,
  [AUDIT_EXPORT_COMPLETED]: 1,
});

export function auditExportStreamName(exportId: string): string {
  return `audit-export-${exportId}`;
}
