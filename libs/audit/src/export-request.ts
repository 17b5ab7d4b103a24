import { isValidInstant } from '@asc/domain';
import { EXPORT_FORMATS, type ExportFormat } from './audit-export.events';

export interface ExportRequest {
  /** Normalised ISO instant (UTC), or null for the start of the log. */
  readonly from: string | null;
  /** Normalised ISO instant (UTC); the moment of the request when not given. */
  readonly to: string;
  readonly format: ExportFormat;
}

export interface ExportRequestProblem {
  readonly field: 'from' | 'to' | 'format';
  readonly rule: string;
}

/** Every field of an export request that is wrong, each named with the rule it breaks. */
export class ExportRequestError extends Error {
  constructor(readonly problems: readonly ExportRequestProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.rule}`).join('; '));
    this.name = 'ExportRequestError';
  }
}

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `from` and `to` are ISO 8601 date-times with an offset (`2025-04-01T00:00:00+01:00`, `…Z`): a
 * bare date or local time is ambiguous around the clock changes and is refused, as is a `to` in
 * the future (the export would not be repeatable) or a `from` after `to`. Both ends are inclusive.
 */
export function parseExportRequest(
  input: { from?: unknown; to?: unknown; format?: unknown },
  now: Date,
): ExportRequest {
  const problems: ExportRequestProblem[] = [];
  const instant = (field: 'from' | 'to', value: unknown): string | null => {
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string' || !WITH_OFFSET.test(value) || !isValidInstant(value)) {
      problems.push({
        field,
        rule: 'must be a date and time with a time zone offset, e.g. 2025-04-01T00:00:00+01:00 or 2025-03-31T23:00:00Z',
      });
      return null;
    }
    return new Date(value).toISOString();
  };
  const from = instant('from', input.from);
  const to = instant('to', input.to) ?? now.toISOString();
  const rangeReadable = !problems.some((p) => p.field === 'to');
  if (rangeReadable && to > now.toISOString()) {
    problems.push({ field: 'to', rule: 'must not be in the future' });
  }
  if (rangeReadable && from !== null && from > to) {
    problems.push({ field: 'from', rule: 'must not be after to (or, without to, after now)' });
  }
  const format = input.format ?? 'jsonl';
  if (!(EXPORT_FORMATS as readonly unknown[]).includes(format)) {
    problems.push({ field: 'format', rule: `must be one of ${EXPORT_FORMATS.join(', ')}` });
  }
  if (problems.length > 0) throw new ExportRequestError(problems);
  return { from, to, format: format as ExportFormat };
}
