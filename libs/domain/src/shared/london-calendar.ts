/**
 * Calendar arithmetic for `YYYY-MM-DD` dates and ISO 8601 instants, and the Europe/London civil
 * date of an instant. Pure: no clock, no Intl, no time-zone database. Date.UTC is used only as
 * arithmetic on given numbers.
 *
 * Europe/London: GMT (UTC+0) in winter, BST (UTC+1) from 01:00 UTC on the last Sunday of March
 * to 01:00 UTC on the last Sunday of October. These rules have applied since 1996; earlier
 * instants are converted with the same rule (the engine holds no earlier data).
 */

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;
/** An ISO 8601 instant with `Z` or an offset, e.g. `2025-03-30T00:59:59Z`. */
export type IsoInstant = string;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * True for a real calendar date written `YYYY-MM-DD` (2025-02-30 and 2023-02-29 are false).
 * Years before 1900 are refused: they are typing mistakes in this domain.
 */
export function isValidDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Milliseconds since the epoch of an ISO 8601 instant with a `Z` or `±HH:MM` offset, or undefined
 * when it is not one (no offset, impossible date, hour 24, offset beyond ±18:00 …).
 */
export function instantToEpochMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = INSTANT_PATTERN.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i])) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  if (!isValidDate(`${m[1]}-${m[2]}-${m[3]}`)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  const zone = m[8] as string;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const offHours = Number(zone.slice(1, 3));
    const offMinutes = Number(zone.slice(4, 6));
    if (offHours > 18 || offMinutes > 59) return undefined;
    offsetMinutes = sign * (offHours * 60 + offMinutes);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

/** True for an ISO 8601 instant with a `Z` or `±HH:MM` offset and real date/time parts. */
export function isValidInstant(value: unknown): value is IsoInstant {
  return instantToEpochMs(value) !== undefined;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function utcDateOfMs(ms: number): IsoDate {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function dateToUtcMs(date: IsoDate): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day);
}

function assertDate(date: string, name: string): void {
  if (!isValidDate(date)) throw new RangeError(`${name} is not a valid YYYY-MM-DD date: ${date}`);
}

/** UTC epoch ms at which BST starts (last Sunday of March, 01:00 UTC) in `year`. */
function bstStartMs(year: number): number {
  const lastOfMarch = Date.UTC(year, 2, 31, 1);
  return lastOfMarch - new Date(lastOfMarch).getUTCDay() * MS_PER_DAY;
}

/** UTC epoch ms at which BST ends (last Sunday of October, 01:00 UTC) in `year`. */
function bstEndMs(year: number): number {
  const lastOfOctober = Date.UTC(year, 9, 31, 1);
  return lastOfOctober - new Date(lastOfOctober).getUTCDay() * MS_PER_DAY;
}

/** Offset of Europe/London from UTC, in hours (0 or 1), at an epoch instant. */
export function londonUtcOffsetHours(epochMs: number): 0 | 1 {
  const year = new Date(epochMs).getUTCFullYear();
  return epochMs >= bstStartMs(year) && epochMs < bstEndMs(year) ? 1 : 0;
}

/**
 * The civil date in Europe/London at an instant: `2025-06-30T23:30:00Z` is `2025-07-01` (BST),
 * `2025-12-31T23:30:00Z` is `2025-12-31` (GMT). Throws RangeError for an invalid instant.
 */
export function londonDateOf(instant: IsoInstant): IsoDate {
  const ms = instantToEpochMs(instant);
  if (ms === undefined)
    throw new RangeError(`Not a valid ISO 8601 instant with offset: ${instant}`);
  return utcDateOfMs(ms + londonUtcOffsetHours(ms) * MS_PER_HOUR);
}

/** Days from `from` to `to` (negative when `to` is earlier). Both must be valid dates. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  assertDate(from, 'from');
  assertDate(to, 'to');
  return Math.round((dateToUtcMs(to) - dateToUtcMs(from)) / MS_PER_DAY);
}

/** The date `days` days after (or before, when negative) `date`. */
export function addDays(date: IsoDate, days: number): IsoDate {
  assertDate(date, 'date');
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer: ${days}`);
  return utcDateOfMs(dateToUtcMs(date) + days * MS_PER_DAY);
}

/**
 * Add whole calendar months; a day that does not exist in the target month is clamped to its
 * last day (2024-01-31 + 1 month = 2024-02-29).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  assertDate(date, 'date');
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer: ${months}`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = (index % 12) + 1;
  const newDay = Math.min(day, daysInMonth(newYear, newMonth));
  return `${pad(newYear, 4)}-${pad(newMonth)}-${pad(newDay)}`;
}

/** -1, 0 or 1 as `a` is before, the same as, or after `b`. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  assertDate(a, 'a');
  assertDate(b, 'b');
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * True when `today` is after `dueDate`: an action due on the 10th is on time all of the 10th and
 * overdue from the 11th. Both are Europe/London calendar dates.
 */
export function isOverdue(dueDate: IsoDate, today: IsoDate): boolean {
  return compareDates(today, dueDate) > 0;
}

/** Whole days `today` is past `dueDate`; 0 when not overdue. */
export function daysOverdue(dueDate: IsoDate, today: IsoDate): number {
  return Math.max(0, daysBetween(dueDate, today));
}

/** An instant as epoch milliseconds in canonical UTC form, `2026-03-30T23:00:00.000Z`. */
export function epochMsToInstant(epochMs: number): IsoInstant {
  if (!Number.isFinite(epochMs)) throw new RangeError(`Not a representable instant: ${epochMs}`);
  return new Date(epochMs).toISOString();
}

/**
 * Epoch ms of a Europe/London wall-clock time: `date` at `msOfDay` milliseconds after local
 * midnight. A time that happens twice (01:30 on the last Sunday of October) is the first, BST,
 * one; a time that never happens (01:30 on the last Sunday of March) is moved forward by the
 * hour the clocks skip, as Temporal's "compatible" disambiguation does.
 */
export function londonWallClockToEpochMs(date: IsoDate, msOfDay = 0): number {
  assertDate(date, 'date');
  const asUtc = dateToUtcMs(date) + msOfDay;
  const bst = asUtc - MS_PER_HOUR;
  return londonUtcOffsetHours(bst) === 1 ? bst : asUtc;
}

/** The London date and milliseconds since local midnight at an epoch instant. */
export function londonWallClockOf(epochMs: number): { date: IsoDate; msOfDay: number } {
  const local = epochMs + londonUtcOffsetHours(epochMs) * MS_PER_HOUR;
  const midnight = Math.floor(local / MS_PER_DAY) * MS_PER_DAY;
  return { date: utcDateOfMs(midnight), msOfDay: local - midnight };
}

/**
 * The instant a London calendar day begins: midnight, 23:00 UTC the day before in summer.
 * Midnight always exists in London (the clocks change at 01:00 GMT and 02:00 BST).
 */
export function londonStartOfDay(date: IsoDate): IsoInstant {
  return epochMsToInstant(londonWallClockToEpochMs(date, 0));
}
