import {
  addDays,
  addMonths,
  epochMsToInstant,
  instantToEpochMs,
  londonWallClockOf,
  londonWallClockToEpochMs,
  type IsoDate,
  type IsoInstant,
} from './london-calendar';

/**
 * ISO 8601 durations `PnYnMnWnDTnHnMnS` (`P7D`, `P2W`, `P1M`, `PT30S`, `P1Y2M3DT4H`), parsed
 * without libraries. Components are whole numbers, except that seconds may carry up to three
 * decimals (`PT0.5S`, ISO's comma too: `PT0,5S`); "P1.5D" is refused, no council needs it.
 * Negative durations are not ISO 8601 and are refused: callers say which way with `direction`.
 */
export interface IsoDuration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  /** May have up to three decimals. */
  readonly seconds: number;
}

const DURATION_PATTERN =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d{1,3})?)S)?)?$/;

/** The parsed duration, or undefined when `text` is not an ISO 8601 duration as above. */
export function parseIsoDuration(text: unknown): IsoDuration | undefined {
  if (typeof text !== 'string') return undefined;
  const m = DURATION_PATTERN.exec(text);
  if (!m) return undefined;
  // "P" alone and "P1DT" (a T with nothing after it) are not durations.
  if (text === 'P' || text.endsWith('T')) return undefined;
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]?.replace(',', '.')));
  const values = [n(1), n(2), n(3), n(4), n(5), n(6), n(7)];
  if (!values.slice(0, 6).every(Number.isSafeInteger) || !Number.isFinite(values[6])) {
    return undefined;
  }
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

/** The time components (H, M, S) as exact elapsed milliseconds. */
export function isoDurationTimeMs(duration: IsoDuration): number {
  return (
    duration.hours * 3_600_000 + duration.minutes * 60_000 + Math.round(duration.seconds * 1000)
  );
}

/** The date components (Y, M, W, D) only; time components zero. */
export function isoDurationDatePart(duration: IsoDuration): IsoDuration {
  return { ...duration, hours: 0, minutes: 0, seconds: 0 };
}

/** Every component times `factor` (a whole number 0 or more): the n-th repeat of an interval. */
export function multiplyIsoDuration(duration: IsoDuration | string, factor: number): IsoDuration {
  const d = typeof duration === 'string' ? parseIsoDuration(duration) : duration;
  if (d === undefined) throw new RangeError(`Not an ISO 8601 duration: ${String(duration)}`);
  if (!Number.isSafeInteger(factor) || factor < 0) {
    throw new RangeError(`factor must be a whole number, 0 or more: ${factor}`);
  }
  return {
    years: d.years * factor,
    months: d.months * factor,
    weeks: d.weeks * factor,
    days: d.days * factor,
    hours: d.hours * factor,
    minutes: d.minutes * factor,
    seconds: d.seconds * factor,
  };
}

/**
 * Epoch ms of `instant` moved by `duration`: first the date components, as Europe/London
 * calendar days that keep the London wall-clock time (so a clock change never shifts the result
 * by an hour: London midnight plus P7D is London midnight), then the time components as exact
 * elapsed time (PT24H across a clock change lands at 23:00 or 01:00). `direction` -1 subtracts,
 * in the same order.
 */
export function addIsoDurationToEpochMs(
  epochMs: number,
  duration: IsoDuration | string,
  direction: 1 | -1 = 1,
): number {
  const d = typeof duration === 'string' ? parseIsoDuration(duration) : duration;
  if (d === undefined) throw new RangeError(`Not an ISO 8601 duration: ${String(duration)}`);
  let moved = epochMs;
  if (!isZeroDuration(isoDurationDatePart(d))) {
    const { date, msOfDay } = londonWallClockOf(epochMs);
    moved = londonWallClockToEpochMs(
      addIsoDurationToDate(date, isoDurationDatePart(d), direction),
      msOfDay,
    );
  }
  return moved + direction * isoDurationTimeMs(d);
}

/** `instant` moved by `duration` (see addIsoDurationToEpochMs), as a UTC ISO 8601 instant. */
export function addIsoDurationToInstant(
  instant: IsoInstant,
  duration: IsoDuration | string,
  direction: 1 | -1 = 1,
): IsoInstant {
  const ms = instantToEpochMs(instant);
  if (ms === undefined)
    throw new RangeError(`Not a valid ISO 8601 instant with offset: ${instant}`);
  return epochMsToInstant(addIsoDurationToEpochMs(ms, duration, direction));
}
