import { createHash, randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { csvField } from '@asc/board-report';
import { type EventStore, type NewEvent, type StoredEvent } from '@asc/event-store';
import {
  AUDIT_EVENT_SCHEMA_VERSIONS,
  AUDIT_EXPORT_COMPLETED,
  AUDIT_EXPORT_STARTED,
  type AuditExportCompletedData,
  type AuditExportStartedData,
  auditExportStreamName,
  type ExportFormat,
} from './audit-export.events';
import { type ExportRequest } from './export-request';

/** The columns of a CSV export, in order. data and metadata are JSON, so a row can be re-hashed. */
export const EXPORT_CSV_COLUMNS = [
  'position',
  'recordedAt',
  'stream',
  'version',
  'type',
  'schemaVersion',
  'eventId',
  'actor',
  'actorName',
  'correlationId',
  'causationId',
  'commandId',
  'hash',
  'data',
  'metadata',
] as const;

/** One event as a JSON line: every stored field, so the file alone can be re-verified. */
export function eventToJsonLine(event: StoredEvent): string {
  return (
    JSON.stringify({
      position: event.position,
      stream: event.stream,
      version: event.version,
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      recordedAt: event.recordedAt,
      data: event.data,
      metadata: event.metadata,
      hash: event.hash,
    }) + '\n'
  );
}

/** One event as a CSV record (RFC 4180, CRLF, formula-injection guard of @asc/board-report). */
export function eventToCsvRow(event: StoredEvent): string {
  const m = event.metadata;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return (
    [
      event.position,
      event.recordedAt,
      event.stream,
      event.version,
      event.type,
      event.schemaVersion,
      event.eventId,
      str(m.actor),
      str(m.actorName),
      str(m.correlationId),
      str(m.causationId),
      str(m.commandId),
      event.hash,
      JSON.stringify(event.data),
      JSON.stringify(m),
    ]
      .map(csvField)
      .join(',') + '\r\n'
  );
}

/** A byte-order mark so that Excel reads the UTF-8, then the header row. */
export const EXPORT_CSV_HEADER = '\uFEFF' + EXPORT_CSV_COLUMNS.join(',') + '\r\n';

export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export interface ExportSummary {
  events: number;
  bytes: number;
  sha256: string;
}

export interface ExportLogOptions extends ExportRequest {
  /** Events read per page of the log; default 1000. */
  pageSize?: number;
  /** After each page: the last position read. */
  onProgress?: (position: number) => void;
}

/**
 * The events recorded between `from` and `to` (inclusive), in global order, as chunks of UTF-8
 * bytes. The log is read one page at a time and the next page is read only when the consumer asks
 * for more, so memory stays flat whatever the size; the loop yields to the event loop between
 * pages, so a long export never holds up other requests. The whole log is scanned: positions
 * follow commit order, and recordedAt is not guaranteed to grow with them across processes.
 * `onDone` hears the count, size and SHA-256 of exactly what was yielded.
 */
export async function* exportEventLog(
  store: Pick<EventStore, 'readAll'>,
  options: ExportLogOptions,
  onDone?: (summary: ExportSummary) => Promise<void> | void,
): AsyncGenerator<Buffer> {
  const limit = options.pageSize ?? 1000;
  const toLine = options.format === 'csv' ? eventToCsvRow : eventToJsonLine;
  const hash = createHash('sha256');
  let events = 0;
  let bytes = 0;
  const emit = (text: string): Buffer => {
    const chunk = Buffer.from(text, 'utf8');
    hash.update(chunk);
    bytes += chunk.length;
    return chunk;
  };
  if (options.format === 'csv') yield emit(EXPORT_CSV_HEADER);
  for (let after = 0; ;) {
    const page = await store.readAll({ after, limit });
    if (page.length === 0) break;
    let text = '';
    for (const event of page) {
      if (event.recordedAt > options.to) continue;
      if (options.from !== null && event.recordedAt < options.from) continue;
      text += toLine(event);
      events++;
    }
    after = page[page.length - 1].position;
    options.onProgress?.(after);
    if (text !== '') yield emit(text);
    await nextTurn();
  }
  await onDone?.({ events, bytes, sha256: hash.digest('hex') });
}

/** Who took an export, for the events that record it. */
export interface ExportRequester {
  /** Subject id, or `os-user:<name>` from the command line. */
  actor: string;
  actorName?: string;
  correlationId: string;
  channel: 'api' | 'cli';
}

export interface AuditExport {
  exportId: string;
  /** `events-<from>-<to>-<id>.jsonl`: safe as a file name on every system. */
  filename: string;
  contentType: string;
  /** The bytes; the completion is recorded after the last one. */
  body: AsyncGenerator<Buffer>;
}

/**
 * Records `AuditExportStarted` (before any byte goes out, so an aborted export is on record) and
 * returns the export's bytes; once the last byte is produced, `AuditExportCompleted` records the
 * count and SHA-256. The API and the command line both export through this.
 */
export async function startAuditExport(
  store: Pick<EventStore, 'readAll' | 'appendToStream'>,
  request: ExportRequest,
  requester: ExportRequester,
  options: Pick<ExportLogOptions, 'onProgress' | 'pageSize'> & {
    /** After the completion is recorded. */
    onComplete?: (summary: ExportSummary) => void;
  } = {},
): Promise<AuditExport> {
  const exportId = randomUUID();
  const stream = auditExportStreamName(exportId);
  const commandId = randomUUID();
  const started: AuditExportStartedData = {
    exportId,
    from: request.from,
    to: request.to,
    format: request.format,
    requestedBy: requester.actor,
    channel: requester.channel,
  };
  const startedEvent = auditEvent(AUDIT_EXPORT_STARTED, started, requester, commandId, commandId);
  await store.appendToStream(stream, [startedEvent], { expectedVersion: 'no_stream' });
  const { onProgress, pageSize, onComplete } = options;
  const body = exportEventLog(store, { ...request, onProgress, pageSize }, async (summary) => {
    const completed: AuditExportCompletedData = { exportId, ...summary };
    await store.appendToStream(
      stream,
      [auditEvent(AUDIT_EXPORT_COMPLETED, completed, requester, commandId, startedEvent.eventId)],
      { expectedVersion: 0 },
    );
    onComplete?.(summary);
  });
  return {
    exportId,
    filename: `events-${compact(request.from) ?? 'start'}-${compact(request.to)}-${exportId.slice(0, 8)}.${request.format}`,
    contentType: EXPORT_CONTENT_TYPES[request.format],
    body,
  };
}

function auditEvent(
  type: string,
  data: object,
  requester: ExportRequester,
  commandId: string,
  causationId: string,
): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: AUDIT_EVENT_SCHEMA_VERSIONS[type],
    data: data as Record<string, unknown>,
    metadata: {
      actor: requester.actor,
      ...(requester.actorName ? { actorName: requester.actorName } : {}),
      correlationId: requester.correlationId,
      causationId,
      commandId,
    },
  };
}

/** `2025-04-01T00:00:00.000Z` → `20250401T000000Z`. */
function compact(instant: string | null): string | null {
  return instant === null ? null : instant.replace(/[-:]/g, '').replace(/\.\d+/, '');
}
