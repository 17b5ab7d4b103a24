import {
  addIsoDurationToInstant,
  daysOverdue,
  dueDateStarts,
  formatIsoDuration,
  isValidIsoDuration,
  isoDurationTimeMs,
  londonDateOf,
  londonStartOfDay,
  londonWallClockOf,
  momentBeforeDue,
  momentOverdueBy,
  multiplyIsoDuration,
  overdueFrom,
  parseIsoDuration,
} from '@asc/domain';

// 2026: BST from 01:00 UTC on Sunday 29 March to 01:00 UTC on Sunday 25 October.

describe('ISO 8601 durations with time parts', () => {
  it('given hours, minutes and seconds, then they parse', () => {
    expect(parseIsoDuration('PT30S')).toMatchObject({ days: 0, seconds: 30 });
    expect(parseIsoDuration('P1DT2H3M4S')).toMatchObject({
      days: 1,
      hours: 2,
      minutes: 3,
      seconds: 4,
    });
    expect(parseIsoDuration('PT0.5S')?.seconds).toBe(0.5);
    expect(parseIsoDuration('PT0,25S')?.seconds).toBe(0.25);
    expect(isoDurationTimeMs(parseIsoDuration('PT1H1M1.5S')!)).toBe(3_661_500);
  });

  it.each(['PT1.5M', 'PT1.5H', 'PT0.0001S', 'PT.5S', 'PT5.S', 'PT-30S', 'P1DT', 'PT'])(
    'given "%s", then it is not a duration',
    (text) => expect(isValidIsoDuration(text)).toBe(false),
  );

  it('given a fractional second, then it formats back the same', () => {
    expect(formatIsoDuration(parseIsoDuration('PT0.5S')!)).toBe('PT0.5S');
    expect(formatIsoDuration(parseIsoDuration('PT1M30S')!)).toBe('PT1M30S');
  });

  it('given an interval, when multiplied, then every part is', () => {
    expect(formatIsoDuration(multiplyIsoDuration('P1M2DT30S', 3))).toBe('P3M6DT90S');
    expect(() => multiplyIsoDuration('P7D', -1)).toThrow(RangeError);
  });
});

describe('London days and instants', () => {
  it('given dates either side of both clock changes, then their London midnights', () => {
    expect(londonStartOfDay('2026-03-29')).toBe('2026-03-29T00:00:00.000Z'); // GMT until 01:00
    expect(londonStartOfDay('2026-03-30')).toBe('2026-03-29T23:00:00.000Z'); // BST
    expect(londonStartOfDay('2026-10-25')).toBe('2026-10-24T23:00:00.000Z'); // BST until 02:00
    expect(londonStartOfDay('2026-10-26')).toBe('2026-10-26T00:00:00.000Z'); // GMT
  });

  it('given an instant, then its London wall clock', () => {
    const at = Date.parse('2026-06-30T23:30:00Z');
    expect(londonWallClockOf(at)).toEqual({ date: '2026-07-01', msOfDay: 30 * 60_000 });
  });

  it('given London midnight, when a week of days is added across the spring change, then it is midnight again', () => {
    // Elapsed time would give 2026-04-01T00:00Z, 01:00 BST: an hour late.
    expect(addIsoDurationToInstant('2026-03-25T00:00:00Z', 'P7D')).toBe('2026-03-31T23:00:00.000Z');
  });

  it('given London midnight, when 24 hours are added on a clock-change day, then exactly 24 hours pass', () => {
    // The spring day has 23 hours: 01:00 BST next day. The autumn day has 25: 23:00 GMT same day.
    expect(addIsoDurationToInstant('2026-03-29T00:00:00Z', 'PT24H')).toBe(
      '2026-03-30T00:00:00.000Z',
    );
    expect(addIsoDurationToInstant('2026-10-24T23:00:00Z', 'PT24H')).toBe(
      '2026-10-25T23:00:00.000Z',
    );
  });

  it('given a wall-clock time the clocks skip or repeat, then the later or the first one', () => {
    // 01:30 GMT Saturday + P1D: 01:30 on Sunday 29 March never happens; 02:30 BST does.
    expect(addIsoDurationToInstant('2026-03-28T01:30:00Z', 'P1D')).toBe('2026-03-29T01:30:00.000Z');
    // 01:30 BST Saturday + P1D: 01:30 on Sunday 25 October happens twice; the first, BST.
    expect(addIsoDurationToInstant('2026-10-24T00:30:00Z', 'P1D')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('given a direction of -1, then date parts and then time parts are taken off', () => {
    expect(addIsoDurationToInstant('2026-04-01T00:00:00+01:00', 'P7DT1H', -1)).toBe(
      '2026-03-24T23:00:00.000Z',
    );
  });
});

describe('chasing moments', () => {
  describe('given a due date just after the spring clock change (Tuesday 31 March 2026)', () => {
    const dueDate = '2026-03-31';

    it('then the due date starts at London midnight, 23:00 UTC the day before', () => {
      expect(dueDateStarts(dueDate)).toBe('2026-03-30T23:00:00.000Z');
    });

    it('when reminding P7D and P1D before, then at London midnight, the first in GMT', () => {
      expect(momentBeforeDue(dueDate, 'P7D')).toBe('2026-03-24T00:00:00.000Z');
      expect(momentBeforeDue(dueDate, 'P1D')).toBe('2026-03-29T23:00:00.000Z');
    });

    it('when a demo reminds PT30S before, then 30 seconds before London midnight', () => {
      expect(momentBeforeDue(dueDate, 'PT30S')).toBe('2026-03-30T22:59:30.000Z');
    });

    it('then it is overdue from the next London midnight', () => {
      expect(overdueFrom(dueDate)).toBe('2026-03-31T23:00:00.000Z');
      expect(londonDateOf(overdueFrom(dueDate))).toBe('2026-04-01');
    });

    it('when escalating at P14D overdue, then at the start of the day it is 14 days overdue', () => {
      const at = momentOverdueBy(dueDate, 'P14D');
      expect(at).toBe('2026-04-13T23:00:00.000Z');
      expect(daysOverdue(dueDate, londonDateOf(at))).toBe(14);
      expect(daysOverdue(dueDate, londonDateOf(new Date(Date.parse(at) - 1).toISOString()))).toBe(
        13,
      );
    });

    it('when a demo escalates at PT30S, PT1M, PT1M30S, then seconds after it became overdue', () => {
      expect(momentOverdueBy(dueDate, 'PT30S')).toBe('2026-03-31T23:00:30.000Z');
      expect(momentOverdueBy(dueDate, 'PT1M')).toBe('2026-03-31T23:01:00.000Z');
      expect(momentOverdueBy(dueDate, 'PT1M30S')).toBe('2026-03-31T23:01:30.000Z');
    });

    it('when a short interval repeats, then the series counts from becoming overdue', () => {
      const third = momentOverdueBy(dueDate, multiplyIsoDuration('PT12H', 3), 'PT12H');
      expect(third).toBe('2026-04-02T11:00:00.000Z'); // overdueFrom + 36 hours
    });
  });

  describe('given a due date just before the spring clock change (Saturday 28 March 2026)', () => {
    it('when overdue by P1D and P2D, then at the London midnights either side of the change', () => {
      expect(momentOverdueBy('2026-03-28', 'P1D')).toBe('2026-03-29T00:00:00.000Z');
      expect(momentOverdueBy('2026-03-28', 'P2D')).toBe('2026-03-29T23:00:00.000Z');
    });
  });

  describe('given a due date just after the autumn clock change (Saturday 31 October 2026)', () => {
    const dueDate = '2026-10-31';

    it('when reminding P7D before, then at London midnight in BST, 23:00 UTC', () => {
      expect(momentBeforeDue(dueDate, 'P7D')).toBe('2026-10-23T23:00:00.000Z');
      expect(dueDateStarts(dueDate)).toBe('2026-10-31T00:00:00.000Z');
    });
  });

  describe('given a due date on the autumn clock change (Sunday 25 October 2026, 25 hours long)', () => {
    const dueDate = '2026-10-25';

    it('then it is overdue from midnight GMT, and PT24H still counts from then', () => {
      expect(overdueFrom(dueDate)).toBe('2026-10-26T00:00:00.000Z');
      // From the due date's start 24 hours is 23:00 on the due date itself: not yet overdue.
      expect(momentOverdueBy(dueDate, 'PT24H')).toBe('2026-10-27T00:00:00.000Z');
      expect(momentOverdueBy(dueDate, 'P1D')).toBe('2026-10-26T00:00:00.000Z');
    });
  });

  describe('given a due date at the end of a month', () => {
    it('when overdue by P1M, then the same day next month, clamped', () => {
      expect(momentOverdueBy('2026-01-31', 'P1M')).toBe('2026-02-28T00:00:00.000Z');
    });
  });
});
