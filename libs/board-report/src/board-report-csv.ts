import { DELIVERY_STATUSES } from '@asc/domain';
import { type ActionRow, type BoardReport } from './board-report.types';
import { csvField } from './escape';

type Cell = string | number | boolean | null;

/**
 * The board report as CSV for a spreadsheet: a UTF-8 byte-order mark (so Excel reads £ and –),
 * then one section per table: a title line, a header line, the rows, and a blank line. Fields are
 * quoted as RFC 4180; lines end with CRLF.
 */
export function boardReportToCsv(report: BoardReport): string {
  const lines: Cell[][] = [];
  const section = (title: string, header: string[], rows: Cell[][]): void => {
    lines.push([title], header, ...rows, []);
  };
  const changes = report.changesSincePreviousMeeting;
  const base = ['Ref', 'Title', 'Quality statement', 'Owner', 'Due date', 'Status'];
  const row = (a: ActionRow): Cell[] => [
    a.ref,
    a.title,
    a.qualityStatement,
    a.owner,
    a.dueDate,
    a.deliveryStatus,
  ];

  section(
    'Board report',
    ['Field', 'Value'],
    [
      ['Authority', report.plan.authority],
      ['Plan', report.plan.title],
      ['Board', report.board.name],
      ['Chair', report.board.chair],
      ['Escalation level', report.board.level],
      ['As of', report.asOf],
      ['Report date (London)', report.today],
      ['Previous meeting', report.previousMeetingDate ?? 'none: since the plan began'],
      ['Overall percentage', report.overall.percentage],
      ['Overall rating', report.overall.rating ?? 'not assessed'],
      ['Quality statements assessed', report.overall.assessed],
      ['All nine assessed', report.overall.complete ? 'yes' : 'no'],
    ],
  );
  section(
    'Scores and delivery status by quality statement',
    [
      'Theme',
      'Quality statement',
      'Name',
      'Latest score',
      'Score words',
      'Score source',
      'Assessed',
      ...DELIVERY_STATUSES,
      'Total actions',
    ],
    report.themes.flatMap((t) =>
      t.qualityStatements.map((qs): Cell[] => [
        `${t.code} ${t.name}`,
        qs.code,
        qs.name,
        qs.latestScore?.value ?? null,
        qs.latestScore?.words ?? 'not scored',
        qs.latestScore?.source ?? null,
        qs.latestScore?.assessedAt ?? null,
        ...DELIVERY_STATUSES.map((s) => qs.counts[s]),
        qs.actionCount,
      ]),
    ),
  );
  section(
    'Escalated to this board, awaiting a decision',
    [
      ...base,
      'Days overdue',
      'Escalation level',
      'Escalation reason',
      'Escalated at',
      'Days waiting',
    ],
    report.escalatedAwaitingDecision.map((a) => [
      ...row(a),
      a.daysOverdue,
      a.escalationLevel,
      a.escalationReason,
      a.escalatedAt,
      a.daysWaiting,
    ]),
  );
  section(
    'Overdue actions',
    [...base, 'Days overdue', 'Escalation level', 'Escalated to', 'Awaiting board decision'],
    report.overdue.map((a) => [
      ...row(a),
      a.daysOverdue,
      a.escalationLevel,
      a.escalatedTo,
      a.awaitingBoardDecision ? 'yes' : 'no',
    ]),
  );
  section(
    'Drift: re-planned actions',
    [
      ...base,
      'Times re-planned',
      'Total days moved',
      'Net days moved',
      'Original due date',
      'Current due date',
      'Latest reason',
    ],
    report.drift.map((a) => [
      ...row(a),
      a.count,
      a.totalDaysMoved,
      a.netDaysMoved,
      a.originalDueDate,
      a.currentDueDate,
      a.lastReason,
    ]),
  );
  section(
    `Changes since ${changes.since === null ? 'the plan began' : `the previous meeting (${changes.since})`}`,
    ['Change', 'Date', 'Recorded at', 'Ref', 'Title', 'Quality statement', 'Detail'],
    [
      ...changes.raised.map((c): Cell[] => [
        'raised',
        c.on,
        c.at,
        c.ref,
        c.title,
        c.qualityStatement,
        `${c.priority} priority`,
      ]),
      ...changes.closed.map((c): Cell[] => [
        'closed',
        c.on,
        c.at,
        c.ref,
        c.title,
        c.qualityStatement,
        c.note,
      ]),
      ...changes.slipped.map((c): Cell[] => [
        'slipped',
        c.on,
        c.at,
        c.ref,
        c.title,
        c.qualityStatement,
        slippedDetail(c),
      ]),
      ...changes.escalated.map((c): Cell[] => [
        'escalated',
        c.on,
        c.at,
        c.ref,
        c.title,
        c.qualityStatement,
        escalatedDetail(c),
      ]),
    ],
  );
  return '\uFEFF' + lines.map((cells) => cells.map(csvField).join(',') + '\r\n').join('');
}

export function slippedDetail(
  c: BoardReport['changesSincePreviousMeeting']['slipped'][number],
): string {
  return c.kind === 'replanned'
    ? `re-planned from ${c.fromDueDate} to ${c.toDueDate} (${c.days} days later)` +
        (c.reason ? `: ${c.reason}` : '')
    : `became overdue (due ${c.toDueDate}, ${c.days} days overdue)`;
}

export function escalatedDetail(
  c: BoardReport['changesSincePreviousMeeting']['escalated'][number],
): string {
  return (
    `level ${c.fromLevel} to ${c.toLevel} (${c.boardName ?? c.boardId}), reason ${c.reason}` +
    (c.daysOverdue > 0 ? `, ${c.daysOverdue} days overdue` : '')
  );
}
