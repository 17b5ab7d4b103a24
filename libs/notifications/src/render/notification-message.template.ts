import { isQualityStatementCode, qualityStatement } from '@asc/domain';
import {
  type EscalationNotification,
  type Notification,
  type ReminderNotification,
} from '../model/notification.model';
import {
  dateInWords,
  daysInWords,
  daysOverdueInWords,
  escapeHtml,
  oneLine,
} from './message-words.helpers';

/** A notification as an email: one subject, a plain-text body and the same as simple HTML. */
export interface RenderedMessage {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** One line of the summary table: label and value, both plain text (escaped for HTML later). */
type Fact = readonly [label: string, value: string];

interface MessageParts {
  subject: string;
  greeting: string;
  /** Paragraphs of plain text. */
  opening: string[];
  facts: Fact[];
  closing: string[];
}

/** Renders a reminder or an escalation in plain, polite English. Pure. */
export function renderNotification(notification: Notification): RenderedMessage {
  const parts =
    notification.type === 'escalation'
      ? escalationParts(notification)
      : reminderParts(notification);
  return {
    subject: oneLine(parts.subject),
    text: toText(parts, notification),
    html: toHtml(parts, notification),
  };
}

function named(n: Notification): string {
  return `${oneLine(n.ref)} '${oneLine(n.title)}'`;
}

function statementInWords(code: string): string {
  return isQualityStatementCode(code) ? `${code} ${qualityStatement(code).name}` : code;
}

function boardInWords(board: { name: string; level: number }): string {
  return `${board.name} (level ${board.level})`;
}

function commonFacts(n: Notification): Fact[] {
  const facts: Fact[] = [
    ['Action', `${n.ref} ${n.title}`],
    ['Quality statement', statementInWords(n.qualityStatement)],
    ['Owner', n.owner ? `${n.owner.name} <${n.owner.email}>` : 'no owner assigned'],
    ['Due date', dateInWords(n.dueDate, { weekday: true })],
    ['Days overdue', daysOverdueInWords(n.daysOverdue)],
  ];
  if (n.deliveryStatus) facts.push(['Delivery status', n.deliveryStatus]);
  return facts;
}

function reminderParts(n: ReminderNotification): MessageParts {
  const due = dateInWords(n.dueDate);
  const subject =
    n.kind === 'due-soon'
      ? `Reminder: ${named(n)} is due on ${due}`
      : n.kind === 'due'
        ? `Due today: ${named(n)} is due today, ${due}`
        : `Overdue by ${daysInWords(n.daysOverdue)}: ${named(n)} was due on ${due}`;
  const opening =
    n.kind === 'due-soon'
      ? [`This is a reminder that the action below, which you own, is due on ${due}.`]
      : n.kind === 'due'
        ? [`The action below, which you own, is due today, ${due}.`]
        : [
            `The action below, which you own, was due on ${due} and is now overdue by ${daysInWords(n.daysOverdue)}.`,
          ];
  const facts = commonFacts(n);
  facts.push([
    'Escalation',
    n.escalationLevel > 0 ? `already escalated to level ${n.escalationLevel}` : 'not escalated',
  ]);
  if (n.board) facts.push(['Escalates next to', boardInWords(n.board)]);
  const closing =
    n.kind === 'overdue'
      ? [
          'Please report its progress, or agree a new due date with your lead, as soon as you can.' +
            (n.board
              ? ` If it stays overdue it will be escalated to the ${n.board.name}.`
              : ' If it stays overdue it will be escalated to the next board.'),
        ]
      : [
          'Please report its progress, or mark it complete if it is done. If the date cannot be met, please agree a new one with your lead before it passes.',
        ];
  return { subject, greeting: `Dear ${n.owner.name},`, opening, facts, closing };
}

const REASON_WORDS = {
  overdue: (n: EscalationNotification) => `it is overdue by ${daysInWords(n.daysOverdue)}`,
  'off-track': () => 'its owner has reported it off track',
  manual: () => 'a lead has asked for it to be escalated',
} as const;

function escalationParts(n: EscalationNotification): MessageParts {
  const why = REASON_WORDS[n.reason](n);
  const subjectTail =
    n.reason === 'overdue'
      ? `overdue by ${daysInWords(n.daysOverdue)}`
      : n.reason === 'off-track'
        ? 'reported off track'
        : `due on ${dateInWords(n.dueDate)}`;
  const subject = `Escalated to ${boardInWords(n.board)}: ${named(n)}, ${subjectTail}`;
  const from = n.fromLevel > 0 ? ` from level ${n.fromLevel}` : '';
  const opening = [
    `The action below has been escalated to the ${boardInWords(n.board)}${from} because ${why}.`,
  ];
  const facts = commonFacts(n);
  facts.push(['Escalated to', boardInWords(n.board)]);
  facts.push(['Reason', n.reason === 'off-track' ? 'off track' : n.reason]);
  const closing = [
    'The board is asked to consider it at its next meeting and record a decision: note it, extend the due date, reassign it, accept the risk, or close it.',
    n.owner
      ? `${n.owner.name}, as its owner, receives a copy of this message.`
      : 'No owner is assigned to this action, so no one else receives a copy of this message.',
  ];
  return { subject, greeting: `To the ${n.board.name},`, opening, facts, closing };
}

const FOOTER =
  'This message was sent automatically by the adult social care action plan. Please do not reply to it.';

function toText(parts: MessageParts, n: Notification): string {
  const width = Math.max(...parts.facts.map(([label]) => label.length)) + 2;
  const facts = parts.facts.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
  return [
    parts.greeting,
    '',
    ...parts.opening.flatMap((p) => [p, '']),
    ...facts,
    '',
    ...parts.closing.flatMap((p) => [p, '']),
    `Open the action: ${n.link}`,
    '',
    '--',
    FOOTER,
    `Reference: ${n.notificationKey}`,
    '',
  ].join('\n');
}

/** Only http(s) links become anchors; anything else is shown as text. */
function linkHtml(link: string): string {
  return /^https?:\/\//i.test(link)
    ? `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`
    : escapeHtml(link);
}

function toHtml(parts: MessageParts, n: Notification): string {
  const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
  const rows = parts.facts
    .map(
      ([label, value]) =>
        `<tr><th scope="row" style="text-align:left;padding:2px 12px 2px 0">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('\n');
  return [
    '<!doctype html>',
    '<html lang="en-GB"><head><meta charset="utf-8">',
    `<title>${escapeHtml(parts.subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.4">',
    p(parts.greeting),
    ...parts.opening.map(p),
    `<table role="presentation">\n${rows}\n</table>`,
    ...parts.closing.map(p),
    `<p>Open the action: ${linkHtml(n.link)}</p>`,
    `<hr><p style="font-size:13px">${escapeHtml(FOOTER)}<br>Reference: ${escapeHtml(n.notificationKey)}</p>`,
    '</body></html>',
    '',
  ].join('\n');
}
