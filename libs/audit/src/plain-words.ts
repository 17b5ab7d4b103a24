import { dateInWords } from '@asc/domain';

/**
 * `2025-03-31` as "31 March 2025"; an instant by its London calendar date. Anything else is
 * shown as stored, so a malformed old event still reads rather than failing the history.
 */
export function longDate(value: unknown): string {
  return typeof value === 'string' ? dateInWords(value) : String(value);
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** "1 day", "30 days". */
export function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-GB')} ${noun}${n === 1 ? '' : 's'}`;
}

/** A value from stored data as text: empty and missing values become undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** "what: why", leaving the colon out when there is no why. */
export function because(sentence: string, why: unknown): string {
  const reason = text(why);
  return reason ? `${sentence}: ${reason}` : sentence;
}
