import { addDays, addMonths, type IsoDate } from './london-calendar';

/**
 * ISO 8601 durations (`P7D`, `P2W`, `P1M`, `P1Y2M3DT4H`), parsed without libraries.
 * Whole-number components only (ISO allows a decimal fraction on the last one; we refuse it:
 * no council needs "P1.5D"). Negative durations are not ISO 8601 and are refused.
 */
export interface IsoDuration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const DURATION_PATTERN =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** The parsed duration, or undefined when `text` is not a whole-number ISO 8601 duration. */
export function parseIsoDuration(text: unknown): IsoDuration | undefined {
  if (typeof text !== 'string') return undefined;
  const m = DURATION_PATTERN.exec(text);
  if (!m) return undefined;
  // "P" alone and "P1DT" (a T with nothing after it) are not durations.
  if (text === 'P' || text.endsWith('T')) return undefined;
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  const values = [n(1), n(2), n(3), n(4), n(5), n(6), n(7)];
  if (!values.every(Number.isSafeInteger)) return undefined;
  const [years, months, weeks, days, hours, minutes, seconds] = values as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { years, months, weeks, days, hours, minutes, seconds };
}

export function isValidIsoDuration(text: unknown): boolean {
  return parseIsoDuration(text) !== undefined;
}

/** True when the duration has only date components (Y, M, W, D): it moves a date by whole days. */
export function isDateOnlyDuration(duration: IsoDuration): boolean {
  return duration.hours === 0 && duration.minutes === 0 && duration.seconds === 0;
}

export function isZeroDuration(duration: IsoDuration): boolean {
  return Object.values(duration).every((v) => v === 0);
}

/**
 * Move a date by a date-only duration: years and months first (clamping to the month's end),
 * then weeks and days. `direction` -1 subtracts (7 days before a due date: direction -1, `P7D`).
 * Throws RangeError for a duration with time components.
 */
export function addIsoDurationToDate(
  date: IsoDate,
  duration: IsoDuration | string,
  direction: 1 | -1 = 1,
): IsoDate {
  const d = typeof duration === 'string' ? parseIsoDuration(duration) : duration;
  if (d === undefined) throw new RangeError(`Not an ISO 8601 duration: ${String(duration)}`);
  if (!isDateOnlyDuration(d)) {
    throw new RangeError('Only date components (Y, M, W, D) can move a calendar date');
  }
  const afterMonths = addMonths(date, direction * (d.years * 12 + d.months));
  return addDays(afterMonths, direction * (d.weeks * 7 + d.days));
}

/** Canonical text of a duration (`{ days: 7 }` → `P7D`, zero → `P0D`). */
export function formatIsoDuration(duration: IsoDuration): string {
  const date =
    (duration.years ? `${duration.years}Y` : '') +
    (duration.months ? `${duration.months}M` : '') +
    (duration.weeks ? `${duration.weeks}W` : '') +
    (duration.days ? `${duration.days}D` : '');
  const time =
    (duration.hours ? `${duration.hours}H` : '') +
    (duration.minutes ? `${duration.minutes}M` : '') +
    (duration.seconds ? `${duration.seconds}S` : '');
  if (!date && !time) return 'P0D';
  return `P${date}${time ? `T${time}` : ''}`;
}
