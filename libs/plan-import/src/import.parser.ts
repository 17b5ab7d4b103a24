import { parseActionPlanCsv } from './action-plan-csv.parser';
import { looksLikeCqcReport, parseCqcReport } from './cqc-report.parser';
import { prepareContent } from './import-content.guard';
import { ImportFormatError } from './import-format.error';
import {
  IMPORT_FORMATS,
  type ImportLayout,
  type ImportResult,
  isImportFormat,
} from './import-result';
import { parseSelfAssessment } from './self-assessment.parser';

/**
 * The layout a `self-assessment` upload is read as: `cqc-report` for a CQC assessment excerpt
 * (a `Score: N` line just below a quality statement name, and a "Key findings" heading),
 * otherwise `self-assessment`. For `csv` it is always `csv`.
 */
export function detectLayout(format: string, content: string): ImportLayout {
  if (format === 'csv') return 'csv';
  return looksLikeCqcReport(content) ? 'cqc-report' : 'self-assessment';
}

/**
 * The entry point for `POST /plans/:planId/imports`: `format` is `self-assessment` (a council's
 * self-assessment or a CQC assessment excerpt, told apart by detectLayout) or `csv` (an action
 * plan spreadsheet). Pure: no I/O, no clock. Throws ImportFormatError (field `format` for an
 * unknown format, `content` for a document that cannot be imported at all).
 */
export function parseImport(format: string, content: string): ImportResult {
  if (!isImportFormat(format)) {
    throw new ImportFormatError(
      'unknown-format',
      `format must be one of ${IMPORT_FORMATS.join(', ')}`,
      { field: 'format' },
    );
  }
  if (format === 'csv') return parseActionPlanCsv(content);
  const text = prepareContent(content);
  return detectLayout(format, text) === 'cqc-report'
    ? parseCqcReport(text)
    : parseSelfAssessment(text);
}
