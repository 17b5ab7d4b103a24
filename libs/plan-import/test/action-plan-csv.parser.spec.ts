import {
  ImportFormatError,
  contentKey,
  isImportFormatError,
  parseActionPlanCsv,
  parseImport,
  type ImportResult,
} from '@asc/plan-import';

const HEADER = 'Title,Quality statement,Owner email,Due date,Priority';
const csv = (...rows: string[]) => rows.join('\n') + '\n';

function refusal(run: () => unknown): ImportFormatError {
  try {
    run();
  } catch (error) {
    if (isImportFormatError(error)) return error;
    throw error;
  }
  throw new Error('expected an ImportFormatError');
}

describe('parseActionPlanCsv — happy path', () => {
  let result: ImportResult;
  beforeAll(() => {
    result = parseActionPlanCsv(
      csv(
        HEADER,
        'Embed service standards,QS1,jane.smith@medway.gov.uk,2025-03-31,high',
        'Reduce waiting lists,Safeguarding,Bob.Jones@Medway.gov.uk,30/06/2025,Low',
        'Develop a new workforce strategy,"Learning, improvement and innovation",amy@medway.gov.uk,1/9/2025,',
      ),
    );
  });

  it('raises one action per row with owner, due date and priority', () => {
    expect(result).toEqual({
      format: 'csv',
      actions: [
        {
          key: 'QS1:action:embed service standards',
          line: 2,
          qualityStatement: 'QS1',
          title: 'Embed service standards',
          description: null,
          priority: 'high',
          source: { kind: 'csv', reference: 'line 2' },
          ownerEmail: 'jane.smith@medway.gov.uk',
          dueDate: '2025-03-31',
        },
        {
          key: 'QS7:action:reduce waiting lists',
          line: 3,
          qualityStatement: 'QS7',
          title: 'Reduce waiting lists',
          description: null,
          priority: 'low',
          source: { kind: 'csv', reference: 'line 3' },
          ownerEmail: 'bob.jones@medway.gov.uk',
          dueDate: '2025-06-30',
        },
        {
          key: 'QS9:action:develop a new workforce strategy',
          line: 4,
          qualityStatement: 'QS9',
          title: 'Develop a new workforce strategy',
          description: null,
          priority: 'medium',
          source: { kind: 'csv', reference: 'line 4' },
          ownerEmail: 'amy@medway.gov.uk',
          dueDate: '2025-09-01',
        },
      ],
      findings: [],
      scores: [],
      skipped: [],
      qualityStatementsSeen: ['QS1', 'QS7', 'QS9'],
    });
  });

  it('is what parseImport gives for format csv, with the same keys on a second import', () => {
    const text = csv(
      HEADER,
      'Embed service standards,QS1,jane.smith@medway.gov.uk,2025-03-31,high',
    );
    expect(parseImport('csv', text)).toEqual(parseActionPlanCsv(text));
    expect(parseImport('csv', text).actions[0]?.key).toBe(parseImport('csv', text).actions[0]?.key);
  });

  it('keys an action the same way as the same priority in a self-assessment', () => {
    expect(result.actions[1]?.key).toBe(contentKey('QS7', 'action', 'Reduce waiting lists'));
  });
});

describe('parseActionPlanCsv — bad rows are skipped with the reason', () => {
  const skippedFor = (row: string) => {
    const r = parseActionPlanCsv(csv(HEADER, row));
    expect(r.actions).toEqual([]);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0]?.line).toBe(2);
    expect(r.skipped[0]?.text).toBe(row);
    return r.skipped[0]?.reason;
  };

  it.each([
    [
      'an impossible ISO date',
      'Embed MSP,QS7,a@medway.gov.uk,2025-02-30,high',
      "impossible date '2025-02-30' (column 'Due date'): no such day",
    ],
    [
      'an impossible UK date',
      'Embed MSP,QS7,a@medway.gov.uk,31/04/2025,high',
      "impossible date '31/04/2025' (column 'Due date'): no such day",
    ],
    [
      'a date that is not a date',
      'Embed MSP,QS7,a@medway.gov.uk,next week,high',
      "unrecognised date 'next week' (column 'Due date'): use YYYY-MM-DD or DD/MM/YYYY",
    ],
    [
      'a two-digit year',
      'Embed MSP,QS7,a@medway.gov.uk,31/03/25,high',
      "unrecognised date '31/03/25' (column 'Due date'): use YYYY-MM-DD or DD/MM/YYYY",
    ],
    [
      'an unknown quality statement code',
      'Embed MSP,QS10,a@medway.gov.uk,2025-03-31,high',
      "unknown quality statement 'QS10' (column 'Quality statement')",
    ],
    [
      'an unknown quality statement name',
      'Embed MSP,Housing,a@medway.gov.uk,2025-03-31,high',
      "unknown quality statement 'Housing' (column 'Quality statement')",
    ],
    [
      'a missing quality statement',
      'Embed MSP,,a@medway.gov.uk,2025-03-31,high',
      "missing quality statement (column 'Quality statement')",
    ],
    [
      'an invalid email',
      'Embed MSP,QS7,jane.smith@,2025-03-31,high',
      "invalid email 'jane.smith@' (column 'Owner email')",
    ],
    [
      'an email with no domain dot',
      'Embed MSP,QS7,jane@medway,2025-03-31,high',
      "invalid email 'jane@medway' (column 'Owner email')",
    ],
    [
      'a name for an email',
      'Embed MSP,QS7,Jane Smith,2025-03-31,high',
      "invalid email 'Jane Smith' (column 'Owner email')",
    ],
    [
      'an unknown priority',
      'Embed MSP,QS7,a@medway.gov.uk,2025-03-31,urgent',
      "unknown priority 'urgent' (column 'Priority'): use high, medium or low",
    ],
    ['a missing title', ',QS7,a@medway.gov.uk,2025-03-31,high', "missing title (column 'Title')"],
  ])('%s', (_case, row, reason) => {
    expect(skippedFor(row)).toBe(reason);
  });

  it('names every problem of a row, each with its column as headed in the file', () => {
    const r = parseActionPlanCsv(
      csv('Action,QS,Owner,Due,Priority', 'Embed MSP,QS0,bob,2025-13-01,asap'),
    );
    expect(r.skipped[0]?.reason).toBe(
      "unknown quality statement 'QS0' (column 'QS'); invalid email 'bob' (column 'Owner'); impossible date '2025-13-01' (column 'Due'): no such day; unknown priority 'asap' (column 'Priority'): use high, medium or low",
    );
  });

  it('ignores empty rows silently and keeps reading', () => {
    const r = parseActionPlanCsv(
      csv(
        HEADER,
        '',
        ',,,,',
        'Embed MSP,QS7,a@medway.gov.uk,2025-03-31,',
        '   ',
        'Reduce waiting lists,QS7,,,',
      ),
    );
    expect(r.actions.map((a) => [a.line, a.title])).toEqual([
      [4, 'Embed MSP'],
      [6, 'Reduce waiting lists'],
    ]);
    expect(r.skipped).toEqual([]);
  });

  it('imports an action without owner or due date when the cell is blank or TBC', () => {
    const r = parseActionPlanCsv(csv(HEADER, 'Embed MSP,QS7,TBC,n/a,'));
    expect(r.actions[0]).toEqual({
      key: 'QS7:action:embed msp',
      line: 2,
      qualityStatement: 'QS7',
      title: 'Embed MSP',
      description: null,
      priority: 'medium',
      source: { kind: 'csv', reference: 'line 2' },
    });
  });

  it('skips a row repeating an earlier statement and title', () => {
    const r = parseActionPlanCsv(
      csv(HEADER, 'Embed MSP,QS7,a@medway.gov.uk,,', 'Embed  MSP.,Safeguarding,b@medway.gov.uk,,'),
    );
    expect(r.actions).toHaveLength(1);
    expect(r.skipped).toEqual([
      {
        line: 3,
        text: 'Embed MSP.,Safeguarding,b@medway.gov.uk,,',
        reason: 'duplicate of line 2 (the same quality statement and title)',
      },
    ]);
  });
});

describe('parseActionPlanCsv — file shape', () => {
  it('handles a BOM, CRLF line endings and quoted commas, quotes and newlines, keeping file line numbers', () => {
    const text =
      '\uFEFFTitle,Quality statement,Owner email,Due date,Priority\r\n' +
      '"Embed service standards, then audit them",QS1,a@medway.gov.uk,2025-03-31,high\r\n' +
      '"Improve skills shortage\r\nand retention\r\nthrough the ""MedPay"" review",QS1,b@medway.gov.uk,31/03/2025,\r\n' +
      '\r\n' +
      'Reduce waiting lists,QS7,c@medway.gov.uk,2025-02-30,\r\n' +
      'Embed MSP,QS7,d@medway.gov.uk,2025-04-30,low\r\n';
    const r = parseActionPlanCsv(text);
    expect(r.actions.map((a) => [a.line, a.title, a.dueDate])).toEqual([
      [2, 'Embed service standards, then audit them', '2025-03-31'],
      [3, 'Improve skills shortage and retention through the "MedPay" review', '2025-03-31'],
      [8, 'Embed MSP', '2025-04-30'],
    ]);
    expect(r.skipped).toEqual([
      {
        line: 7,
        text: 'Reduce waiting lists,QS7,c@medway.gov.uk,2025-02-30,',
        reason: "impossible date '2025-02-30' (column 'Due date'): no such day",
      },
    ]);
  });

  it.each([
    ['QS,Title,Owner,Due,Priority', 'QS7,Embed MSP,a@medway.gov.uk,2025-03-31,High'],
    [
      'quality_statement,ACTION TITLE,Owner E-mail,Due Date (DD/MM/YYYY),PRIORITY',
      'QS7,Embed MSP,a@medway.gov.uk,31/03/2025,high',
    ],
    [
      'QualityStatement,Action,OwnerEmail,DueDate,Priority Level',
      'Safeguarding,Embed MSP,a@medway.gov.uk,2025-03-31,h',
    ],
    [
      ' Due date , Priority , Quality Statement , Owner email , Title ',
      '2025-03-31,HIGH,QS7,a@medway.gov.uk,Embed MSP',
    ],
    [
      'Ref,Title,Notes,QS,RAG,Owner,Target date,Priority,Progress',
      ',Embed MSP,some notes,QS7,Amber,a@medway.gov.uk,31 March 2025,high,40%',
    ],
  ])('matches header variants and any column order: %s', (header, row) => {
    const r = parseActionPlanCsv(csv(header, row));
    expect(r.skipped).toEqual([]);
    expect(r.actions).toHaveLength(1);
    expect(r.actions[0]).toMatchObject({
      qualityStatement: 'QS7',
      title: 'Embed MSP',
      ownerEmail: 'a@medway.gov.uk',
      dueDate: '2025-03-31',
      priority: 'high',
    });
  });

  it('prefers "Owner email" over "Owner" when both are present', () => {
    const r = parseActionPlanCsv(
      csv(
        'Title,QS,Owner,Owner email,Due',
        'Embed MSP,QS7,Jane Smith,jane@medway.gov.uk,2025-03-31',
      ),
    );
    expect(r.actions[0]?.ownerEmail).toBe('jane@medway.gov.uk');
  });

  it('uses a Reference column as the source reference and a Description column as the description', () => {
    const r = parseActionPlanCsv(
      csv(
        'Ref,Title,QS,Owner,Due,Description',
        'A7.2,Embed MSP,QS7,a@medway.gov.uk,,"Train all staff\nin MSP"',
      ),
    );
    expect(r.actions[0]).toMatchObject({
      source: { kind: 'csv', reference: 'A7.2' },
      description: 'Train all staff\nin MSP',
    });
  });

  it('shortens a title over 200 characters and keeps the full text in the description', () => {
    const long = `Develop the workforce strategy. ${'It covers recruitment and retention across all teams. '.repeat(5).trim()}`;
    const r = parseActionPlanCsv(csv(HEADER, `"${long}",QS9,a@medway.gov.uk,,`));
    expect(r.actions[0]).toMatchObject({
      title: 'Develop the workforce strategy.',
      description: long,
    });
  });

  it('refuses a header lacking required columns, naming them', () => {
    const error = refusal(() =>
      parseActionPlanCsv(csv('Title,Owner,Priority', 'Embed MSP,a@medway.gov.uk,high')),
    );
    expect(error).toBeInstanceOf(ImportFormatError);
    expect(error).toMatchObject({
      code: 'missing-columns',
      field: 'content',
      missingColumns: ['Quality statement', 'Due date'],
      line: 1,
    });
    expect(error.message).toBe(
      'CSV header (line 1) is missing the required columns Quality statement, Due date; found: Title, Owner, Priority',
    );
  });

  it('refuses a file whose first row is data, not a header', () => {
    const error = refusal(() =>
      parseActionPlanCsv(csv('Embed MSP,QS7,a@medway.gov.uk,2025-03-31,high')),
    );
    expect(error.code).toBe('missing-columns');
    expect(error.missingColumns).toEqual(['Title', 'Quality statement', 'Owner email', 'Due date']);
  });

  it('finds the header below a sheet title and skips the title', () => {
    const r = parseActionPlanCsv(
      csv('Medway ASC improvement plan 2024,,,,', HEADER, 'Embed MSP,QS7,a@medway.gov.uk,,'),
    );
    expect(r.actions.map((a) => a.line)).toEqual([3]);
    expect(r.skipped).toEqual([
      { line: 1, text: 'Medway ASC improvement plan 2024,,,,', reason: 'above the header row' },
    ]);
  });

  it('reads a semicolon- or tab-separated file', () => {
    const semicolon = parseActionPlanCsv(
      'Title;QS;Owner;Due\nEmbed MSP, then audit;QS7;a@medway.gov.uk;31/03/2025\n',
    );
    expect(semicolon.actions[0]).toMatchObject({
      title: 'Embed MSP, then audit',
      dueDate: '2025-03-31',
    });
    const tab = parseActionPlanCsv('Title\tQS\tOwner\tDue\nEmbed MSP\tQS7\t\t\n');
    expect(tab.actions[0]).toMatchObject({ title: 'Embed MSP', qualityStatement: 'QS7' });
  });

  it('refuses a header with no rows, and a file that is not CSV', () => {
    expect(refusal(() => parseActionPlanCsv(`${HEADER}\n\n`)).code).toBe('no-rows');
    const malformed = refusal(() =>
      parseActionPlanCsv(csv(HEADER, '"Embed MSP,QS7,a@medway.gov.uk,2025-03-31,high')),
    );
    expect(malformed.code).toBe('malformed-csv');
    expect(malformed.field).toBe('content');
  });

  it('skips a repeated header row', () => {
    const r = parseActionPlanCsv(
      csv(HEADER, 'Embed MSP,QS7,,,', HEADER, 'Reduce waiting lists,QS7,,,'),
    );
    expect(r.actions).toHaveLength(2);
    expect(r.skipped).toEqual([{ line: 3, text: HEADER, reason: 'repeated header row' }]);
  });
});
