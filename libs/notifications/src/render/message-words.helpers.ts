import { isValidDate, londonDateOf } from '@asc/domain';

/** Small wording helpers shared by the message templates. */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

/**
 * `2026-03-31` → `31 March 2026` (with `weekday`: `Tuesday 31 March 2026`). A calendar date has
 * no time zone; an instant is first turned into its Europe/London date. Anything else is shown
 * as given rather than failing a reminder over its wording.
 */
export function dateInWords(value: string, options: { weekday?: boolean } = {}): string {
  const date = isValidDate(value) ? value : londonDateOrUndefined(value);
  if (date === undefined) return value;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const words = `${day} ${MONTHS[month - 1]} ${year}`;
  if (!options.weekday) return words;
  return `${WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]} ${words}`;
}

function londonDateOrUndefined(value: string): string | undefined {
  try {
    return londonDateOf(value);
  } catch {
    return undefined;
  }
}

/** `1 day`, `9 days`. */
export function daysInWords(days: number): string {
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

/** `not overdue`, `1 day`, `9 days`. */
export function daysOverdueInWords(days: number): string {
  return days > 0 ? daysInWords(days) : 'not overdue';
}

/** For HTML bodies: everything that came from people or the log goes through this. */
export function escapeHtml(value: string | number): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Header-safe: a title with a line break must not start a new header line. */
export function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').trim();
}
