import { type QualityStatementCode, resolveQualityStatement } from '@asc/domain';
import { CsvError, parse } from 'csv-parse/sync';
import { parseCalendarDate } from './calendar-date.util';
import { prepareContent } from './import-content.guard';
import { ImportFormatError } from './import-format.error';
import { type ActionPriority, type ImportResult } from './import-result';
import { ImportResultBuilder } from './import-result.builder';
import { collapseWhitespace, contentKey, looseWords, titleAndDescription } from './text.util';

type Field =
  | 'title'
  | 'qualityStatement'
  | 'ownerEmail'
  | 'dueDate'
  | 'priority'
  | 'description'
  | 'reference';

interface ColumnSpec {
  /** The column's usual name, as used in messages. */
  readonly name: string;
  readonly required: boolean;
  /** Accepted headers after headerWords(), best first. */
  readonly headers: readonly string[];
}

/**
 * The columns of a council's action-plan spreadsheet. Headers are matched after lower-casing,
 * dropping punctuation and anything in brackets ("Due date (DD/MM/YYYY)" is "due date"), so
 * "QS", "Quality Statement", "quality_statement" and "QualityStatement" all match.
 * When two headers match one column, the one earlier in this list wins ("Owner email" over
 * "Owner"), then the leftmost. Other columns are ignored.
 */
export const ACTION_PLAN_COLUMNS: Readonly<Record<Field, ColumnSpec>> = Object.freeze({
  title: {
    name: 'Title',
    required: true,
    headers: [
      'title',
      'action title',
      'action',
      'action name',
      'improvement action',
      'priority action',
      'actions',
      'name',
    ],
  },
  qualityStatement: {
    name: 'Quality statement',
    required: true,
    headers: [
      'quality statement',
      'qs',
      'quality statement code',
      'qs code',
      'cqc quality statement',
      'statement',
      'quality statements',
    ],
  },
  ownerEmail: {
    name: 'Owner email',
    required: true,
    headers: [
      'owner email',
      'owner email address',
      'action owner email',
      'owner',
      'action owner',
      'email',
      'email address',
      'lead email',
      'lead officer email',
      'responsible officer email',
      'lead',
      'lead officer',
    ],
  },
  dueDate: {
    name: 'Due date',
    required: true,
    headers: [
      'due date',
      'due',
      'due by',
      'date due',
      'deadline',
      'target date',
      'target completion date',
      'completion date',
    ],
  },
  priority: {
    name: 'Priority',
    required: false,
    headers: ['priority', 'priority level', 'prio'],
  },
  description: {
    name: 'Description',
    required: false,
    headers: [
      'description',
      'action description',
      'details',
      'detail',
      'action detail',
      'action details',
    ],
  },
  reference: {
    name: 'Reference',
    required: false,
    headers: ['reference', 'ref', 'action ref', 'action reference', 'action id', 'ref no', 'id'],
  },
});

const FIELDS = Object.keys(ACTION_PLAN_COLUMNS) as Field[];

function headerWords(header: string): string {
  return looseWords(
    header
      .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/e-mail/gi, 'email'),
  );
}

/** Owner and due-date cells meaning "not yet known": the action is imported without them. */
const PLACEHOLDERS = new Set([
  '',
  'tbc',
  'tba',
  'tbd',
  'n/a',
  'na',
  '-',
  '–',
  '—',
  'none',
  'unassigned',
]);

const PRIORITIES: Readonly<Record<string, ActionPriority>> = {
  high: 'high',
  h: 'high',
  medium: 'medium',
  med: 'medium',
  m: 'medium',
  low: 'low',
  l: 'low',
};

const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** True for a plain mailbox address `name@example.gov.uk` (compared lower-cased). */
export function isPlausibleEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value.toLowerCase());
}

function quoted(value: string): string {
  const v = collapseWhitespace(value);
  return `'${v.length > 60 ? `${v.slice(0, 59)}…` : v}'`;
}

/** The delimiter of the header line: a comma, unless the line has none and has tabs or `;`. */
function detectDelimiter(text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  if (first.includes(',')) return ',';
  if (first.includes('\t')) return '\t';
  if (first.includes(';')) return ';';
  return ',';
}

interface Row {
  readonly line: number;
  readonly cells: readonly string[];
  readonly raw: string;
}

function readRows(text: string): Row[] {
  let records: { record: string[]; raw: string }[];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text),
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as { record: string[]; raw: string }[];
  } catch (error: unknown) {
    if (error instanceof CsvError) {
      const line = typeof error['lines'] === 'number' ? (error['lines'] as number) : undefined;
      throw new ImportFormatError(
        'malformed-csv',
        `content is not readable as CSV: ${error.message}`,
        {
          ...(line === undefined ? {} : { line }),
        },
      );
    }
    throw error;
  }
  // Line numbers are counted from the raw text of each record (a quoted field may span lines).
  let line = 1;
  return records.map(({ record, raw }) => {
    const row = { line, cells: record, raw };
    // `raw` ends with the record's own line break, except perhaps for the last record.
    line += (raw.match(/\n/g)?.length ?? 0) + (raw.endsWith('\n') ? 0 : 1);
    return row;
  });
}

type Columns = Partial<Record<Field, { index: number; header: string }>>;

function mapColumns(cells: readonly string[]): Columns {
  const columns: Columns = {};
  const rank: Partial<Record<Field, number>> = {};
  cells.forEach((cell, index) => {
    const words = headerWords(cell);
    for (const field of FIELDS) {
      const at = ACTION_PLAN_COLUMNS[field].headers.indexOf(words);
      if (at >= 0 && (rank[field] === undefined || at < (rank[field] as number))) {
        rank[field] = at;
        columns[field] = { index, header: collapseWhitespace(cell) };
      }
    }
  });
  return columns;
}

const isBlankRow = (row: Row) => row.cells.every((c) => c.trim() === '');

/** How many rows may sit above the header (a sheet title, notes) before it is looked for no more. */
const HEADER_SEARCH_ROWS = 10;

/**
 * Reads a council's action-plan spreadsheet saved as CSV: a header row, then one action per row.
 *
 * - Columns (any order, headers matched loosely, extra columns ignored): Title, Quality statement
 *   (a code like `QS7` or a name), Owner email, Due date are required; Priority, Description and
 *   Reference are optional. A header lacking a required column refuses the whole import
 *   (ImportFormatError `missing-columns` naming them). Rows above the header (a sheet title)
 *   are skipped; the header is the first of the first ten rows naming at least two columns.
 * - Due dates: `YYYY-MM-DD`, or UK day-first `DD/MM/YYYY` (also `D/M/YYYY`, with `-` or `.`),
 *   or `31 March 2025`. Impossible dates (2025-02-30) and anything else skip the row.
 * - Owner email: validated, stored lower-cased. Priority: high/medium/low (or H/M/L), any case;
 *   blank is medium. Owner or due date blank, `TBC`, `TBA`, `N/A` or `-`: imported without it.
 * - Each bad row is skipped with every problem, each naming its column as headed in the file.
 *   Blank rows are ignored silently. A row repeating an earlier row's statement and title is a
 *   duplicate and skipped.
 * - Line numbers are the file's own (header on line 1 normally), counting the lines inside
 *   quoted fields. A UTF-8 BOM, CRLF line endings, quoted commas and newlines are handled; a
 *   header with no comma but tabs or semicolons sets that delimiter.
 */
export function parseActionPlanCsv(content: string): ImportResult {
  const rows = readRows(prepareContent(content));
  const result = new ImportResultBuilder('csv');

  const candidates = rows.filter((r) => !isBlankRow(r)).slice(0, HEADER_SEARCH_ROWS);
  const header =
    candidates.find((r) => Object.keys(mapColumns(r.cells)).length >= 2) ?? candidates[0];
  if (!header) throw new ImportFormatError('empty', 'content is empty: there is nothing to import');
  const columns = mapColumns(header.cells);
  const missing = FIELDS.filter((f) => ACTION_PLAN_COLUMNS[f].required && !columns[f]).map(
    (f) => ACTION_PLAN_COLUMNS[f].name,
  );
  if (missing.length > 0) {
    const found = header.cells.map((c) => collapseWhitespace(c)).filter((c) => c !== '');
    throw new ImportFormatError(
      'missing-columns',
      `CSV header (line ${header.line}) is missing the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; found: ${found.join(', ') || 'nothing'}`,
      { missingColumns: missing, line: header.line },
    );
  }

  const headerKey = header.cells.map((c) => headerWords(c)).join('\u0000');
  let dataRows = 0;
  for (const row of rows) {
    if (row.line < header.line) {
      if (!isBlankRow(row)) result.skip(row.line, row.raw, 'above the header row');
      continue;
    }
    if (row === header || isBlankRow(row)) continue;
    dataRows++;
    if (row.cells.map((c) => headerWords(c)).join('\u0000') === headerKey) {
      result.skip(row.line, row.raw, 'repeated header row');
      continue;
    }
    readAction(row, columns, result);
  }
  if (dataRows === 0) {
    throw new ImportFormatError('no-rows', 'CSV has a header but no rows to import', {
      line: header.line,
    });
  }
  return result.build();
}

function readAction(row: Row, columns: Columns, result: ImportResultBuilder): void {
  const cell = (field: Field) => {
    const column = columns[field];
    return column ? (row.cells[column.index] ?? '').trim() : '';
  };
  const header = (field: Field) =>
    `column '${columns[field]?.header ?? ACTION_PLAN_COLUMNS[field].name}'`;
  const problems: string[] = [];

  const titleText = collapseWhitespace(cell('title'));
  if (titleText === '') problems.push(`missing title (${header('title')})`);

  const qsText = cell('qualityStatement');
  let qs: QualityStatementCode | undefined;
  if (qsText === '') problems.push(`missing quality statement (${header('qualityStatement')})`);
  else {
    qs = resolveQualityStatement(qsText)?.code;
    if (!qs)
      problems.push(`unknown quality statement ${quoted(qsText)} (${header('qualityStatement')})`);
  }

  const ownerText = cell('ownerEmail');
  let ownerEmail: string | undefined;
  if (!PLACEHOLDERS.has(ownerText.toLowerCase())) {
    if (isPlausibleEmail(ownerText)) ownerEmail = ownerText.toLowerCase();
    else problems.push(`invalid email ${quoted(ownerText)} (${header('ownerEmail')})`);
  }

  const dueText = cell('dueDate');
  let dueDate: string | undefined;
  if (!PLACEHOLDERS.has(dueText.toLowerCase())) {
    const parsed = parseCalendarDate(dueText);
    if (parsed.ok) dueDate = parsed.date;
    else if (parsed.problem === 'impossible') {
      problems.push(`impossible date ${quoted(dueText)} (${header('dueDate')}): no such day`);
    } else {
      problems.push(
        `unrecognised date ${quoted(dueText)} (${header('dueDate')}): use YYYY-MM-DD or DD/MM/YYYY`,
      );
    }
  }

  const priorityText = cell('priority');
  let priority: ActionPriority = 'medium';
  if (priorityText !== '') {
    const p = PRIORITIES[priorityText.toLowerCase()];
    if (p) priority = p;
    else {
      problems.push(
        `unknown priority ${quoted(priorityText)} (${header('priority')}): use high, medium or low`,
      );
    }
  }

  if (problems.length > 0 || !qs) {
    result.skip(row.line, row.raw, problems.join('; '));
    return;
  }

  const { title, description: fullTitle } = titleAndDescription(titleText);
  const detail = cell('description').replace(/[ \t]+\n/g, '\n');
  const description =
    [fullTitle, detail].filter((d): d is string => d !== null && d !== '').join('\n\n') || null;
  const reference = cell('reference');
  result.addAction(
    {
      key: contentKey(qs, 'action', titleText),
      line: row.line,
      qualityStatement: qs,
      title,
      description,
      priority,
      source: { kind: 'csv', reference: reference === '' ? `line ${row.line}` : reference },
      ...(ownerEmail === undefined ? {} : { ownerEmail }),
      ...(dueDate === undefined ? {} : { dueDate }),
    },
    row.raw,
  );
}
