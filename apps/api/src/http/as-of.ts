import { isValidInstant } from '@asc/domain';
import { InvalidInputException } from './problem-details';

/**
 * `asOf`: an ISO 8601 instant with a time zone (`2025-03-03T17:00:00Z`, `…+01:00`). A bare date or
 * time is ambiguous around the clock changes and is refused, as is a moment in the future.
 */
export function parseAsOf(value: unknown, now: Date): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/(Z|[+-]\d{2}:\d{2})$/.test(value) || !isValidInstant(value)) {
    throw new InvalidInputException([
      {
        field: 'asOf',
        rule: 'must be a date and time with a time zone, e.g. 2025-03-03T17:00:00Z',
      },
    ]);
  }
  const at = new Date(value);
  if (at.getTime() > now.getTime()) {
    throw new InvalidInputException([{ field: 'asOf', rule: 'must not be in the future' }]);
  }
  return at.toISOString();
}
