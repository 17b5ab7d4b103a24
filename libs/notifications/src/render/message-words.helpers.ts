/** Small wording helpers shared by the message templates. */

// Dates read the same in messages, board reports and the history.
export { dateInWords } from '@asc/domain';

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
