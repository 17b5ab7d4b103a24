import { ExportRequestError, parseExportRequest } from '../src';

const now = new Date('2025-05-01T12:00:00Z');
const problems = (input: object) => {
  try {
    parseExportRequest(input, now);
  } catch (error) {
    if (error instanceof ExportRequestError) return error.problems;
    throw error;
  }
  throw new Error('expected an ExportRequestError');
};

describe('parseExportRequest', () => {
  it('normalises offsets to UTC and defaults to the whole log up to now, as JSON lines', () => {
    expect(parseExportRequest({}, now)).toEqual({
      from: null,
      to: '2025-05-01T12:00:00.000Z',
      format: 'jsonl',
    });
    expect(
      parseExportRequest(
        { from: '2025-04-01T00:00:00+01:00', to: '2025-04-30T23:59:59Z', format: 'csv' },
        now,
      ),
    ).toEqual({ from: '2025-03-31T23:00:00.000Z', to: '2025-04-30T23:59:59.000Z', format: 'csv' });
  });

  it.each([
    ['2025-04-01', 'a bare date'],
    ['2025-04-01T00:00:00', 'a local time without offset'],
    ['2025-02-30T00:00:00Z', 'a day that does not exist'],
    ['yesterday', 'words'],
  ])('refuses %s (%s), naming the parameter', (value) => {
    expect(problems({ from: value })).toEqual([
      { field: 'from', rule: expect.stringContaining('time zone offset') },
    ]);
    expect(problems({ to: value })).toEqual([
      { field: 'to', rule: expect.stringContaining('time zone offset') },
    ]);
  });

  it('refuses from after to, a to in the future, and an unknown format, all at once', () => {
    expect(
      problems({ from: '2025-04-02T00:00:00Z', to: '2025-04-01T00:00:00Z', format: 'xml' }),
    ).toEqual([
      { field: 'from', rule: expect.stringContaining('must not be after to') },
      { field: 'format', rule: 'must be one of jsonl, csv' },
    ]);
    expect(problems({ to: '2025-05-02T00:00:00Z' })).toEqual([
      { field: 'to', rule: 'must not be in the future' },
    ]);
    expect(problems({ from: '2025-05-02T00:00:00Z' })).toEqual([
      { field: 'from', rule: expect.stringContaining('must not be after to') },
    ]);
  });
});
