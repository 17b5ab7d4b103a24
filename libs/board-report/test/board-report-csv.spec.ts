import { DELIVERY_STATUSES } from '@asc/domain';
import { boardReportToCsv, buildBoardReport, csvField } from '@asc/board-report';
import {
  CLINIC,
  QAPI,
  due,
  escalated,
  history,
  input,
  openAction,
  planWith,
  raised,
  scored,
} from './board-report-fixtures';

/** A strict RFC 4180 reader for the checks: rows of fields, CRLF line ends only. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c !== '"') {
        field += c;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (c === '"' || c === '\r' || c === '\n') {
      throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0 || quoted) throw new Error('last line has no CRLF');
  return rows;
}

describe('csvField', () => {
  it('leaves plain text and numbers alone', () => {
    expect(csvField('Reduce waiting lists')).toBe('Reduce waiting lists');
    expect(csvField(42)).toBe('42');
    expect(csvField(-30)).toBe('-30');
    expect(csvField(null)).toBe('');
    expect(csvField('£1,200 – agreed')).toBe('"£1,200 – agreed"');
  });

  it('quotes a comma, a quote, CR or LF, doubling quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "yes"')).toBe('"say ""yes"""');
    expect(csvField('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvField('line 1\r\nline 2')).toBe('"line 1\r\nline 2"');
    expect(csvField('"')).toBe('""""');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-review')).toBe("'-review");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('boardReportToCsv', () => {
  const tricky = 'Review "front door", £ costs – and\nrecord outcomes';
  const actions = [
    history(
      'a1',
      ['2025-01-10T10:00:00Z', raised('a1', 'QS7-01', 'QS7', tricky)],
      ...openAction('a1', 'QS7-01', '2025-03-01').slice(1),
      ['2025-03-20T09:00:00Z', escalated(QAPI, 2)],
    ),
    history(
      'a2',
      ...openAction('a2', 'QS1-01', '2025-03-31', undefined, 'QS1'),
      ['2025-03-20T09:00:00Z', due('2025-05-31', '2025-03-31', 'Staff, and "agency" cover')],
      ['2025-03-21T09:00:00Z', escalated(CLINIC, 1)],
    ),
  ];
  const report = buildBoardReport(
    input({ plan: planWith(scored('QS7', 2)), actions, previousMeetingDate: '2025-03-15' }),
  );
  const csv = boardReportToCsv(report);

  it('starts with a UTF-8 byte-order mark and ends every line with CRLF', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '').includes('\r')).toBe(false);
    // The only bare LFs are inside the quoted title (it appears in three tables).
    const withoutTitle = csv.split(csvField(tricky)).join('');
    expect(csv.split(csvField(tricky))).toHaveLength(4);
    expect(withoutTitle.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('parses back as RFC 4180 with the text intact', () => {
    const rows = parseCsv(csv.slice(1));
    expect(rows.some((r) => r.includes(tricky))).toBe(true);
    expect(rows.some((r) => r.includes('Staff, and "agency" cover'))).toBe(true);
  });

  it('has one section per table, each with a title line and a header line', () => {
    const rows = parseCsv(csv.slice(1));
    const titleAt = (title: string) => rows.findIndex((r) => r.length === 1 && r[0] === title);
    const sections = [
      'Board report',
      'Scores and delivery status by quality statement',
      'Escalated to this board, awaiting a decision',
      'Overdue actions',
      'Drift: re-planned actions',
      'Changes since the previous meeting (2025-03-15)',
    ];
    const positions = sections.map(titleAt);
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(rows[titleAt('Scores and delivery status by quality statement') + 1]).toEqual([
      'Theme',
      'Quality statement',
      'Name',
      'Latest score',
      'Score words',
      'Score source',
      'Assessed',
      ...DELIVERY_STATUSES,
      'Total actions',
    ]);
    const qs7 = rows.find((r) => r[1] === 'QS7');
    expect(qs7?.slice(0, 7)).toEqual([
      'T3 Ensuring safety within the system',
      'QS7',
      'Safeguarding',
      '2',
      'some shortfalls',
      'cqc',
      '2024-11-01',
    ]);
    const escalatedAt = titleAt('Escalated to this board, awaiting a decision');
    expect(rows[escalatedAt + 2]?.slice(0, 6)).toEqual([
      'QS7-01',
      tricky,
      'QS7',
      'Alice Smith',
      '2025-03-01',
      'overdue',
    ]);
    const overdueAt = titleAt('Overdue actions');
    expect(rows.slice(overdueAt + 2, overdueAt + 4)).toEqual([
      [
        'QS7-01',
        tricky,
        'QS7',
        'Alice Smith',
        '2025-03-01',
        'overdue',
        '40',
        '2',
        'Quality Assurance, Performance & Information Board',
        'yes',
      ],
      [''],
    ]);
  });

  it('keeps £ and – as they are (Excel reads them through the BOM)', () => {
    expect(csv).toContain('£ costs – and');
    expect(csv).toContain('ASC improvement plan 2025–26');
  });
});
