/**
 * @asc/plan-import — pure parsing of uploaded documents (a council's self-assessment, a CQC
 * assessment excerpt, an action-plan CSV) into actions, findings and scores with stable content
 * keys. No Nest, no I/O, no clock. The HTTP layer turns the result into commands.
 */
export { parseImport, detectLayout } from './import.parser';
export { parseSelfAssessment, inferPriority } from './self-assessment.parser';
export { parseCqcReport, looksLikeCqcReport } from './cqc-report.parser';
export {
  parseActionPlanCsv,
  ACTION_PLAN_COLUMNS,
  isPlausibleEmail,
} from './action-plan-csv.parser';
export { parseCalendarDate, type ParsedDate } from './calendar-date.util';
export {
  IMPORT_FORMATS,
  isImportFormat,
  type ActionPriority,
  type FindingKind,
  type ImportFormat,
  type ImportLayout,
  type ImportResult,
  type ImportedAction,
  type ImportedActionSourceKind,
  type ImportedFinding,
  type ImportedScore,
  type SkippedLine,
} from './import-result';
export {
  ImportFormatError,
  isImportFormatError,
  type ImportFormatErrorCode,
} from './import-format.error';
export { IMPORT_LIMITS } from './import-content.guard';
export {
  contentKey,
  normaliseForKey,
  KEY_TEXT_MAX,
  TITLE_MAX,
  type ContentKeyKind,
} from './text.util';
