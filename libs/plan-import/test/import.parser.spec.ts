import {
  IMPORT_FORMATS,
  IMPORT_LIMITS,
  type ImportFormatError,
  detectLayout,
  isImportFormatError,
  parseActionPlanCsv,
  parseCalendarDate,
  parseCqcReport,
  parseImport,
  parseSelfAssessment,
} from '@asc/plan-import';

function refusal(run: () => unknown): ImportFormatError {
  try {
    run();
  } catch (error) {
    if (isImportFormatError(error)) return error;
    throw error;
  }
  throw new Error('expected an ImportFormatError');
}

const SECTION =
  'Theme 3 – Ensuring Safety - Safeguarding\nPriorities/Actions:\n- Reduce waiting lists\n';

describe('parseImport — bad documents are refused as a whole (400 naming content)', () => {
  const parsers: [string, (text: string) => unknown][] = [
    ['parseImport self-assessment', (t) => parseImport('self-assessment', t)],
    ['parseImport csv', (t) => parseImport('csv', t)],
    ['parseSelfAssessment', parseSelfAssessment],
    ['parseCqcReport', parseCqcReport],
    ['parseActionPlanCsv', parseActionPlanCsv],
  ];

  it.each(parsers)('%s: empty or blank text', (_name, parse) => {
    for (const text of ['', '   \n\n\t', '\uFEFF', '\r\n\r\n']) {
      const error = refusal(() => parse(text));
      expect(error).toMatchObject({ code: 'empty', field: 'content' });
      expect(error.message).toBe('content is empty: there is nothing to import');
    }
  });

  it.each(parsers)('%s: more than 5,000 lines', (_name, parse) => {
    const text = 'x\n'.repeat(IMPORT_LIMITS.maxLines + 1);
    expect(refusal(() => parse(text))).toMatchObject({ code: 'too-many-lines', field: 'content' });
  });

  it.each(parsers)('%s: more than 2 MB', (_name, parse) => {
    expect(refusal(() => parse('a'.repeat(IMPORT_LIMITS.maxBytes + 1)))).toMatchObject({
      code: 'too-large',
      field: 'content',
    });
  });

  it('counts the 2 MB in UTF-8 bytes, not characters', () => {
    const text = `${SECTION}${'é'.repeat(IMPORT_LIMITS.maxBytes / 2)}`;
    expect(text.length).toBeLessThan(IMPORT_LIMITS.maxBytes);
    expect(refusal(() => parseImport('self-assessment', text)).code).toBe('too-large');
  });

  it('accepts exactly 5,000 lines', () => {
    const text = SECTION + '\n'.repeat(IMPORT_LIMITS.maxLines - 3);
    expect(text.split('\n')).toHaveLength(IMPORT_LIMITS.maxLines + 1); // the last newline ends line 5,000
    expect(parseImport('self-assessment', text).actions).toHaveLength(1);
  });

  it('refuses text that is not a string', () => {
    expect(refusal(() => parseImport('csv', 42 as unknown as string)).code).toBe('not-text');
  });

  it('refuses text with no recognisable quality statement', () => {
    const error = refusal(() =>
      parseImport('self-assessment', 'Dear colleague,\n\nPlease find our plan attached.\n'),
    );
    expect(error).toMatchObject({ code: 'no-quality-statements', field: 'content' });
    expect(error.message).toMatch(/no recognisable quality statement/);
    expect(error.toJSON()).toEqual({
      code: 'no-quality-statements',
      field: 'content',
      message: error.message,
    });
  });

  it('refuses an unknown format, naming the format field', () => {
    expect(IMPORT_FORMATS).toEqual(['self-assessment', 'csv']);
    const error = refusal(() => parseImport('pdf', SECTION));
    expect(error).toMatchObject({ code: 'unknown-format', field: 'format' });
    expect(error.message).toBe('format must be one of self-assessment, csv');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ImportFormatError');
  });
});

describe('detectLayout', () => {
  it('tells a CQC excerpt from a self-assessment', () => {
    const cqc = 'Safeguarding\n\nScore: 2\n\nKey findings for this quality statement\n\nText.';
    expect(detectLayout('self-assessment', cqc)).toBe('cqc-report');
    expect(detectLayout('self-assessment', SECTION)).toBe('self-assessment');
    expect(
      detectLayout('self-assessment', 'Safeguarding\nScore: 2\nPriorities/Actions:\n- x'),
    ).toBe('self-assessment');
    expect(detectLayout('csv', cqc)).toBe('csv');
  });
});

describe('parseCalendarDate', () => {
  it.each([
    ['2025-03-31', '2025-03-31'],
    ['31/03/2025', '2025-03-31'],
    ['1/4/2025', '2025-04-01'],
    ['01-04-2025', '2025-04-01'],
    ['01.04.2025', '2025-04-01'],
    ['29/02/2024', '2024-02-29'],
    ['14 March 2024', '2024-03-14'],
    ['1st Sept 2024', '2024-09-01'],
  ])('%s is %s', (input, date) => {
    expect(parseCalendarDate(input)).toEqual({ ok: true, date });
  });

  it.each([
    ['2025-02-30', 'impossible'],
    ['29/02/2025', 'impossible'],
    ['2025-13-01', 'impossible'],
    ['31/04/2025', 'impossible'],
    ['2025-3-31', 'unrecognised'],
    ['03/31/25', 'unrecognised'],
    ['31/03/2025/1', 'unrecognised'],
    ['Q1 2025', 'unrecognised'],
    ['', 'unrecognised'],
  ])('%s is %s', (input, problem) => {
    expect(parseCalendarDate(input)).toEqual({ ok: false, problem });
  });
});
