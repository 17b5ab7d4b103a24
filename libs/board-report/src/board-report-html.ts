import {
  dateInWords,
  DELIVERY_STATUSES,
  instantToEpochMs,
  londonDateOf,
  londonUtcOffsetHours,
} from '@asc/domain';
import { escalatedDetail, slippedDetail } from './board-report-csv';
import { type ActionRow, type BoardReport } from './board-report.types';
import { escapeHtml as e } from './escape';

/** The section headings of the printable page, in order. */
export const BOARD_REPORT_SECTIONS = [
  'Overall score',
  'Scores and delivery status by quality statement',
  'Escalated to this board, awaiting a decision',
  'Overdue actions',
  'Drift: re-planned actions',
  'Changes since the previous meeting',
] as const;

/** `2025-03-31` → `31 March 2025`. */
function longDate(date: string | null): string {
  return date === null ? '' : dateInWords(date);
}

/** An instant as London wall-clock time: `31 March 2025, 00:30 BST`. */
function londonTime(instant: string): string {
  const ms = instantToEpochMs(instant);
  if (ms === undefined) return instant;
  const offset = londonUtcOffsetHours(ms);
  const minuteOfDay =
    Math.floor((((ms + offset * 3_600_000) % 86_400_000) + 86_400_000) / 60_000) % 1440;
  const hh = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const mm = String(minuteOfDay % 60).padStart(2, '0');
  return `${longDate(londonDateOf(instant))}, ${hh}:${mm} ${offset === 1 ? 'BST' : 'GMT'}`;
}

function time(instant: string | null): string {
  return instant === null ? '' : `<time datetime="${e(instant)}">${e(londonTime(instant))}</time>`;
}

function date(value: string | null): string {
  return value === null ? '' : `<time datetime="${e(value)}">${e(longDate(value))}</time>`;
}

/** A table with column headers, or "None." when there are no rows. */
function table(id: string, caption: string, header: readonly string[], rows: string[][]): string {
  if (rows.length === 0) return `<p class="none">None.</p>`;
  return [
    `<table aria-labelledby="${id}">`,
    `<caption class="visually-hidden">${e(caption)}</caption>`,
    `<thead><tr>${header.map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((cells) => `<tr>${cells.join('')}</tr>`),
    '</tbody></table>',
  ].join('\n');
}

const td = (html: string, cls = ''): string => `<td${cls ? ` class="${cls}"` : ''}>${html}</td>`;
const num = (n: number): string => td(e(n), 'num');
const status = (s: string): string => td(`<strong class="status">${e(s)}</strong>`);

function actionCells(a: ActionRow): string[] {
  return [
    `<th scope="row">${e(a.ref)}</th>`,
    td(e(a.title)),
    td(e(a.qualityStatement)),
    td(a.owner === null ? '<em>no owner</em>' : e(a.owner)),
    td(a.dueDate === null ? '<em>no date</em>' : date(a.dueDate)),
    status(a.deliveryStatus),
  ];
}

const ACTION_HEADER = ['Ref', 'Title', 'Quality statement', 'Owner', 'Due date', 'Status'];

function section(n: number, body: string, heading?: string): string {
  const id = `section-${n + 1}`;
  return `<section aria-labelledby="${id}">\n<h2 id="${id}">${e(heading ?? BOARD_REPORT_SECTIONS[n] ?? '')}</h2>\n${body}\n</section>`;
}

const STYLE = `
@page { size: A4 landscape; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #0b0c0c; background: #fff; margin: 0 auto; max-width: 1200px; padding: 1rem; line-height: 1.35; }
header { border-bottom: 3px solid #0b0c0c; margin-bottom: 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1.05rem; margin: 1rem 0 .4rem; break-after: avoid; page-break-after: avoid; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0 1rem; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
th, td { border: 1px solid #505a5f; padding: .25rem .4rem; text-align: left; vertical-align: top; }
thead th { background: #f3f2f1; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { font-weight: bold; }
.none { font-style: italic; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); border: 0; }
a { color: #1d70b8; }
@media print { body { padding: 0; max-width: none; font-size: 9pt; } a { color: inherit; text-decoration: none; } }
`.trim();

/**
 * The board report as a self-contained printable page: inline CSS for A4, one heading per
 * section, tables with header cells, statuses written as words, every text escaped.
 */
export function boardReportToHtml(report: BoardReport): string {
  const { board, plan, overall } = report;
  const changes = report.changesSincePreviousMeeting;
  const title = `${board.name} – board report – ${plan.authority}`;

  const overallBody =
    overall.percentage === null
      ? '<p>No quality statement has been scored yet.</p>'
      : `<p><strong>${e(overall.percentage)}%</strong>, rated <strong>${e(overall.rating)}</strong>` +
        ` (${e(overall.assessed)} of 9 quality statements assessed${overall.complete ? '' : '; incomplete'}).</p>`;

  const themes = report.themes
    .map((t) => {
      const id = `theme-${t.code}`;
      const rows = t.qualityStatements.map((qs) => [
        `<th scope="row">${e(qs.code)} ${e(qs.name)}</th>`,
        qs.latestScore === null
          ? td('<em>not scored</em>')
          : td(`${e(qs.latestScore.value)} – ${e(qs.latestScore.description)}`),
        td(e(qs.latestScore?.source ?? '')),
        td(date(qs.latestScore?.assessedAt ?? null)),
        ...DELIVERY_STATUSES.map((s) => num(qs.counts[s])),
        num(qs.actionCount),
      ]);
      rows.push([
        `<th scope="row">All of theme ${e(t.number)}</th>`,
        td(''),
        td(''),
        td(''),
        ...DELIVERY_STATUSES.map((s) => num(t.counts[s])),
        num(t.actionCount),
      ]);
      return (
        `<h3 id="${id}">Theme ${e(t.number)}: ${e(t.name)}</h3>\n` +
        table(
          id,
          `Theme ${t.number}: ${t.name}`,
          [
            'Quality statement',
            'Latest score',
            'Source',
            'Assessed',
            ...DELIVERY_STATUSES.map((s) => `Actions ${s}`),
            'Total actions',
          ],
          rows,
        )
      );
    })
    .join('\n');

  const escalated = table(
    'section-3',
    BOARD_REPORT_SECTIONS[2],
    [...ACTION_HEADER, 'Days overdue', 'Level', 'Reason', 'Escalated', 'Days waiting'],
    report.escalatedAwaitingDecision.map((a) => [
      ...actionCells(a),
      num(a.daysOverdue),
      num(a.escalationLevel),
      td(e(a.escalationReason ?? '')),
      td(time(a.escalatedAt)),
      num(a.daysWaiting),
    ]),
  );

  const overdue = table(
    'section-4',
    BOARD_REPORT_SECTIONS[3],
    [...ACTION_HEADER, 'Days overdue', 'Level', 'Escalated to', 'Awaiting decision'],
    report.overdue.map((a) => [
      ...actionCells(a),
      num(a.daysOverdue),
      num(a.escalationLevel),
      td(e(a.escalatedTo ?? 'not escalated')),
      td(a.awaitingBoardDecision ? 'yes' : 'no'),
    ]),
  );

  const drift = table(
    'section-5',
    BOARD_REPORT_SECTIONS[4],
    [
      ...ACTION_HEADER,
      'Times re-planned',
      'Total days moved',
      'Net days moved',
      'Original due',
      'Latest reason',
    ],
    report.drift.map((a) => [
      ...actionCells(a),
      num(a.count),
      num(a.totalDaysMoved),
      num(a.netDaysMoved),
      td(date(a.originalDueDate)),
      td(e(a.lastReason ?? '')),
    ]),
  );

  const changeRows = (
    kind: string,
    list: readonly {
      on: string;
      at: string | null;
      ref: string;
      title: string;
      qualityStatement: string;
    }[],
    detail: (i: number) => string,
  ): string[][] =>
    list.map((c, i) => [
      `<th scope="row">${e(c.ref)}</th>`,
      td(e(c.title)),
      td(e(c.qualityStatement)),
      td(`<strong>${e(kind)}</strong>`),
      td(c.at === null ? date(c.on) : time(c.at)),
      td(e(detail(i))),
    ]);
  const changesBody =
    `<p>${changes.since === null ? 'Since the plan began (no previous meeting date given).' : `Since the meeting of ${date(changes.since)}: events recorded after the end of that day.`}</p>\n` +
    table(
      'section-6',
      BOARD_REPORT_SECTIONS[5],
      ['Ref', 'Title', 'Quality statement', 'Change', 'When', 'Detail'],
      [
        ...changeRows('raised', changes.raised, (i) => `${changes.raised[i]?.priority} priority`),
        ...changeRows('closed', changes.closed, (i) => changes.closed[i]?.note ?? ''),
        ...changeRows('slipped', changes.slipped, (i) =>
          slippedDetail(changes.slipped[i] as (typeof changes.slipped)[number]),
        ),
        ...changeRows('escalated', changes.escalated, (i) =>
          escalatedDetail(changes.escalated[i] as (typeof changes.escalated)[number]),
        ),
      ],
    );

  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<p>${e(plan.authority)}</p>`,
    `<h1>${e(board.name)}: board report</h1>`,
    '<dl class="meta">',
    `<dt>Authority</dt><dd>${e(plan.authority)}</dd>`,
    `<dt>Plan</dt><dd>${e(plan.title)}</dd>`,
    `<dt>Board</dt><dd>${e(board.name)} (escalation level ${e(board.level)})${board.chair === null ? '' : `, chaired by ${e(board.chair)}`}</dd>`,
    `<dt>Date</dt><dd>${date(report.today)}</dd>`,
    `<dt>As of</dt><dd>${time(report.asOf)}</dd>`,
    `<dt>Previous meeting</dt><dd>${report.previousMeetingDate === null ? 'not given' : date(report.previousMeetingDate)}</dd>`,
    '</dl>',
    '</header>',
    '<main>',
    section(0, overallBody),
    section(1, themes),
    section(2, escalated),
    section(3, overdue),
    section(4, drift),
    section(5, changesBody),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
