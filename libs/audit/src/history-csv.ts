import { csvField } from '@asc/board-report';

/** One row of an action's history as the API returns it. */
export interface HistoryEntry {
  position: number;
  version: number;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  actor: string;
  actorName: string;
  description: string;
  correlationId: string | null;
  hash: string;
  data: Record<string, unknown>;
}

const COLUMNS = [
  'position',
  'version',
  'recordedAt',
  'type',
  'schemaVersion',
  'actor',
  'actorName',
  'description',
  'correlationId',
  'hash',
  'data',
] as const;

/** The history as CSV for a spreadsheet: BOM, header row, RFC 4180 quoting, CRLF. */
export function historyToCsv(entries: readonly HistoryEntry[]): string {
  const rows = entries.map((e) =>
    [
      e.position,
      e.version,
      e.recordedAt,
      e.type,
      e.schemaVersion,
      e.actor,
      e.actorName,
      e.description,
      e.correlationId,
      e.hash,
      JSON.stringify(e.data),
    ]
      .map(csvField)
      .join(','),
  );
  return '\uFEFF' + [COLUMNS.join(','), ...rows].map((line) => line + '\r\n').join('');
}
