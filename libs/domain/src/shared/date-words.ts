import { isValidDate, isValidInstant, londonDateOf } from './london-calendar';

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
 * `2026-03-31` → `31 March 2026` (with `weekday`: `Tuesday 31 March 2026`), as people read dates
 * in reports, messages and the history. An instant is shown by its Europe/London date. Anything
 * else comes back as given: a wording must never fail a reminder or an old event's history.
 */
export function dateInWords(value: string, options: { weekday?: boolean } = {}): string {
  const date = isValidDate(value) ? value : isValidInstant(value) ? londonDateOf(value) : undefined;
  if (date === undefined) return value;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const words = `${day} ${MONTHS[month - 1]} ${year}`;
  if (!options.weekday) return words;
  return `${WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]} ${words}`;
}
