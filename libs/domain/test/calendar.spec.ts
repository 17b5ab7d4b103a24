import {
  dateInWords,
  addDays,
  addIsoDurationToDate,
  addMonths,
  compareDates,
  daysBetween,
  daysOverdue,
  formatIsoDuration,
  instantToEpochMs,
  isOverdue,
  isValidDate,
  isValidInstant,
  isValidIsoDuration,
  londonDateOf,
  londonUtcOffsetHours,
  parseIsoDuration,
} from '@asc/domain';

describe('dates', () => {
  it.each(['2025-01-31', '2024-02-29', '2000-02-29', '2025-12-31', '1900-01-01', '9999-12-31'])(
    '%s is a date',
    (date) => expect(isValidDate(date)).toBe(true),
  );

  it.each([
    '2025-02-30',
    '2025-02-29',
    '1900-02-29',
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '2025-1-01',
    '25-01-01',
    '2025-01-01T00:00:00Z',
    '1899-12-31',
    '',
    ' 2025-01-01',
  ])('%s is not a date', (date) => expect(isValidDate(date)).toBe(false));

  it('non-strings are not dates', () => {
    expect(isValidDate(20250101)).toBe(false);
    expect(isValidDate(null)).toBe(false);
  });

  it('counts days, across leap days and clock changes', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-02-28', '2025-03-01')).toBe(1);
    expect(daysBetween('2025-03-29', '2025-03-31')).toBe(2);
    expect(daysBetween('2025-10-25', '2025-10-27')).toBe(2);
    expect(daysBetween('2025-03-31', '2025-03-01')).toBe(-30);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(() => daysBetween('2025-02-30', '2025-03-01')).toThrow(RangeError);
  });

  it('adds days and months', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
    expect(addMonths('2025-01-15', -2)).toBe('2024-11-15');
    expect(() => addDays('2025-01-01', 1.5)).toThrow(RangeError);
  });

  it('compares', () => {
    expect(compareDates('2025-01-01', '2025-01-02')).toBe(-1);
    expect(compareDates('2025-01-02', '2025-01-02')).toBe(0);
    expect(compareDates('2025-01-03', '2025-01-02')).toBe(1);
  });

  it('is overdue only after the due date', () => {
    expect(isOverdue('2025-03-31', '2025-03-30')).toBe(false);
    expect(isOverdue('2025-03-31', '2025-03-31')).toBe(false);
    expect(isOverdue('2025-03-31', '2025-04-01')).toBe(true);
    expect(daysOverdue('2025-03-31', '2025-03-01')).toBe(0);
    expect(daysOverdue('2025-03-31', '2025-04-14')).toBe(14);
    expect(() => isOverdue('2025-02-30', '2025-03-01')).toThrow(RangeError);
  });
});

describe('instants', () => {
  it.each([
    '2025-03-03T09:00:00Z',
    '2025-03-03T09:00Z',
    '2025-03-03T09:00:00.123Z',
    '2025-03-03T09:00:00.123456Z',
    '2025-03-03T09:00:00+01:00',
    '2025-03-03T09:00:00-05:30',
  ])('%s is an instant', (instant) => expect(isValidInstant(instant)).toBe(true));

  it.each([
    '2025-03-03T09:00:00',
    '2025-03-03',
    '2025-02-30T09:00:00Z',
    '2025-03-03T24:00:00Z',
    '2025-03-03T09:60:00Z',
    '2025-03-03T09:00:00+19:00',
    '2025-03-03 09:00:00Z',
    'now',
  ])('%s is not an instant', (instant) => expect(isValidInstant(instant)).toBe(false));

  it('applies the offset', () => {
    expect(instantToEpochMs('2025-07-01T00:30:00+02:00')).toBe(Date.UTC(2025, 5, 30, 22, 30));
    expect(instantToEpochMs('2025-03-03T09:00:00.5Z')).toBe(Date.UTC(2025, 2, 3, 9, 0, 0, 500));
  });
});

describe('Europe/London', () => {
  it('is GMT in winter and BST in summer', () => {
    expect(londonDateOf('2025-12-31T23:30:00Z')).toBe('2025-12-31');
    expect(londonDateOf('2025-06-30T23:30:00Z')).toBe('2025-07-01');
    expect(londonDateOf('2025-07-01T00:30:00+02:00')).toBe('2025-06-30');
  });

  it('changes at 01:00 UTC on the last Sundays of March and October', () => {
    // 2025: BST from 30 March 01:00 UTC to 26 October 01:00 UTC.
    expect(londonUtcOffsetHours(Date.UTC(2025, 2, 30, 0, 59, 59))).toBe(0);
    expect(londonUtcOffsetHours(Date.UTC(2025, 2, 30, 1, 0, 0))).toBe(1);
    expect(londonUtcOffsetHours(Date.UTC(2025, 9, 26, 0, 59, 59))).toBe(1);
    expect(londonUtcOffsetHours(Date.UTC(2025, 9, 26, 1, 0, 0))).toBe(0);
    expect(londonDateOf('2025-03-29T23:30:00Z')).toBe('2025-03-29');
    expect(londonDateOf('2025-10-25T23:30:00Z')).toBe('2025-10-26');
    expect(londonDateOf('2025-10-26T23:30:00Z')).toBe('2025-10-26');
    // 2024: 31 March and 27 October.
    expect(londonDateOf('2024-03-30T23:30:00Z')).toBe('2024-03-30');
    expect(londonDateOf('2024-03-31T23:30:00Z')).toBe('2024-04-01');
    expect(londonDateOf('2024-10-26T23:30:00Z')).toBe('2024-10-27');
    expect(londonDateOf('2024-10-27T23:30:00Z')).toBe('2024-10-27');
  });

  it('agrees with the platform time-zone database, half-hourly over 2024–2027', () => {
    const format = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const start = Date.UTC(2024, 0, 1);
    const end = Date.UTC(2028, 0, 1);
    const mismatches: string[] = [];
    for (let ms = start; ms < end; ms += 30 * 60_000) {
      const instant = new Date(ms).toISOString();
      const expected = format.format(new Date(ms));
      if (londonDateOf(instant) !== expected) mismatches.push(instant);
    }
    expect(mismatches).toEqual([]);
  });

  it('throws for an invalid instant', () => {
    expect(() => londonDateOf('2025-03-03T09:00:00')).toThrow(RangeError);
  });
});

describe('ISO 8601 durations', () => {
  it('parses whole-number durations', () => {
    expect(parseIsoDuration('P7D')).toEqual({
      years: 0,
      months: 0,
      weeks: 0,
      days: 7,
      hours: 0,
      minutes: 0,
      seconds: 0,
    });
    expect(parseIsoDuration('P1Y2M3W4DT5H6M7S')).toEqual({
      years: 1,
      months: 2,
      weeks: 3,
      days: 4,
      hours: 5,
      minutes: 6,
      seconds: 7,
    });
    expect(parseIsoDuration('PT36H')?.hours).toBe(36);
    expect(parseIsoDuration('P0D')?.days).toBe(0);
  });

  it.each(['', 'P', 'PT', 'P1DT', '7D', 'P-1D', '-P1D', 'P1.5D', 'P1D2M', 'PT1D', 'p7d', 'P 7D'])(
    '"%s" is not a duration',
    (text) => expect(isValidIsoDuration(text)).toBe(false),
  );

  it('formats canonically', () => {
    expect(formatIsoDuration(parseIsoDuration('P2W')!)).toBe('P2W');
    expect(formatIsoDuration(parseIsoDuration('P1Y2M3W4DT5H6M7S')!)).toBe('P1Y2M3W4DT5H6M7S');
    expect(formatIsoDuration(parseIsoDuration('PT0S')!)).toBe('P0D');
  });

  it('moves dates by date-only durations', () => {
    expect(addIsoDurationToDate('2025-03-31', 'P7D', -1)).toBe('2025-03-24');
    expect(addIsoDurationToDate('2025-03-31', 'P14D')).toBe('2025-04-14');
    expect(addIsoDurationToDate('2025-03-31', 'P2W')).toBe('2025-04-14');
    expect(addIsoDurationToDate('2024-01-31', 'P1M')).toBe('2024-02-29');
    expect(addIsoDurationToDate('2024-02-29', 'P1Y')).toBe('2025-02-28');
    expect(() => addIsoDurationToDate('2025-03-31', 'PT12H')).toThrow(RangeError);
    expect(() => addIsoDurationToDate('2025-03-31', 'soon')).toThrow(RangeError);
  });
});

describe('dateInWords', () => {
  it('given a calendar date, when worded, then it reads day, month and year', () => {
    expect(dateInWords('2026-03-31')).toBe('31 March 2026');
    expect(dateInWords('2026-03-31', { weekday: true })).toBe('Tuesday 31 March 2026');
  });
  it('given an instant late on a summer evening in UTC, then it is the London date', () => {
    expect(dateInWords('2025-06-30T23:30:00Z')).toBe('1 July 2025');
    expect(dateInWords('2025-01-31T23:30:00Z')).toBe('31 January 2025');
  });
  it('given something that is not a date, then it is shown as given', () => {
    expect(dateInWords('not a date')).toBe('not a date');
    expect(dateInWords('2025-02-30')).toBe('2025-02-30');
  });
});
