/**
 * @asc/board-report — what a board reads (domain.md, "The board report"): pure functions from a
 * plan's state and its actions' event histories to a report, and the report as CSV and HTML.
 * No Nest, no I/O, no clock: the moment arrives as `asOf`.
 */
export { buildBoardReport } from './build-board-report';
export {
  ACTION_REPORT_FOLD_VERSION,
  chasedDueDateOn,
  foldActionReportEvent,
  foldActionReportEventEvolved,
  initialActionReportFold,
} from './action-report-fold';
export { boardReportToCsv } from './board-report-csv';
export { BOARD_REPORT_SECTIONS, boardReportToHtml } from './board-report-html';
export { csvField, escapeHtml } from './escape';
export {
  BoardReportInputError,
  isBoardReportInputError,
  type ActionHistory,
  type ActionHistoryEvent,
  type ActionReportFold,
  type ActionRow,
  type BoardReport,
  type BoardReportInput,
  type ChangeBase,
  type ChangesSection,
  type ClosedChange,
  type DriftRow,
  type EscalatedChange,
  type EscalatedRow,
  type LatestScore,
  type OverallSection,
  type OverdueRow,
  type QualityStatementSection,
  type RaisedChange,
  type ReportChange,
  type SlippedChange,
  type StatusCounts,
  type ThemeSection,
} from './board-report.types';
