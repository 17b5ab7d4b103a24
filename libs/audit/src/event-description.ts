import { qualityStatement, isQualityStatementCode, isScore, SCORE_WORDS } from '@asc/domain';
import { actorLabel } from './actor-label';
import { AUDIT_EXPORT_COMPLETED, AUDIT_EXPORT_STARTED } from './audit-export.events';
import { because, count, longDate, ordinal, text } from './plain-words';

/** What the wording needs of a stored event. */
export interface DescribableEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: { readonly actor?: unknown; readonly actorName?: unknown };
}

export interface DescriptionContext {
  /** The plan's boards (configured, or the defaults), to name a board rather than show its id. */
  readonly boards?: readonly { readonly boardId: string; readonly name: string }[];
  /** Names of people by subject id, e.g. earlier owners: filled in by describeHistory. */
  readonly people?: ReadonlyMap<string, string>;
}

const REMINDER_KINDS: Readonly<Record<string, string>> = {
  'due-soon': 'due soon',
  due: 'due today',
  overdue: 'overdue',
};

const CONFIDENCE: Readonly<Record<string, string>> = {
  'on-track': 'on track',
  'at-risk': 'at risk',
  'off-track': 'off track',
};

const DECISIONS: Readonly<Record<string, string>> = {
  note: 'noted',
  extend: 'extend the due date',
  reassign: 'reassign the action',
  'accept-risk': 'accept the risk',
  close: 'close the action',
};

const FINDING_KINDS: Readonly<Record<string, string>> = {
  'working-well': 'What works well',
  'area-for-improvement': 'Area for improvement',
  'cqc-finding': 'CQC finding',
};

/** Where an action came from (ActionSource.kind); importers may add kinds, shown as they are. */
const RAISED_FROM: Readonly<Record<string, string>> = {
  manual: 'entered by hand',
  'self-assessment': 'from the self-assessment',
  'cqc-finding': 'from a CQC finding',
  csv: 'from a spreadsheet import',
};

const SOURCES: Readonly<Record<string, string>> = {
  cqc: 'CQC',
  'self-assessment': 'the self-assessment',
};

/**
 * One event in plain words, as a person reads it in the history:
 * "Due date moved from 31 March 2025 to 30 June 2025 by J. Smith: recruitment delayed".
 * Pure: the names it cannot find in the event come from `context`; an unknown type or a field an
 * old shape lacks still gives a sentence, never an error.
 */
export function describeEvent(event: DescribableEvent, context: DescriptionContext = {}): string {
  const d = event.data;
  const by = actorLabel(event.metadata);
  const board = (id: unknown) => boardName(id, context);
  const person = (id: unknown) => (typeof id === 'string' ? (context.people?.get(id) ?? id) : '');
  switch (event.type) {
    // Plan stream
    case 'PlanCreated': {
      const period = d.period as { from?: unknown; to?: unknown } | null | undefined;
      return (
        `Plan "${text(d.title) ?? ''}" started for ${text(d.authority) ?? 'the council'}` +
        (period ? ` for ${longDate(period.from)} to ${longDate(period.to)}` : '') +
        ` by ${by}`
      );
    }
    case 'BoardConfigured':
      return (
        `Board "${text(d.name) ?? text(d.boardId)}" set up at escalation level ${text(d.level)}` +
        (text(d.chair) ? `, chaired by ${text(d.chair)}` : '') +
        (text(d.email) ? `, email ${text(d.email)}` : '') +
        ` by ${by}`
      );
    case 'QualityStatementScored':
      return (
        `${statement(d.qualityStatement)} scored ${text(d.score)}` +
        (isScore(d.score) ? ` (${SCORE_WORDS[d.score]})` : '') +
        ` by ${SOURCES[String(d.source)] ?? text(d.source)}, assessed ${longDate(d.assessedAt)}; recorded by ${by}`
      );
    case 'FindingRecorded':
      return because(
        `${FINDING_KINDS[String(d.kind)] ?? 'Finding'} recorded against ${statement(d.qualityStatement)} by ${by}`,
        d.text,
      );
    case 'ChasingPolicyConfigured':
      return `Chasing policy changed by ${by}`;

    // Action stream
    case 'ActionRaised': {
      const source = d.source as { kind?: unknown; reference?: unknown } | null | undefined;
      const kind = text(source?.kind);
      const from = kind
        ? `, ${RAISED_FROM[kind] ?? `from ${kind}`}${text(source?.reference) ? ` (${text(source?.reference)})` : ''}`
        : '';
      return `Raised against ${statement(d.qualityStatement)} by ${by}: ${text(d.ref) ? `${text(d.ref)} ` : ''}"${text(d.title) ?? ''}" (${text(d.priority) ?? 'unknown'} priority${from})`;
    }
    case 'OwnerAssigned': {
      const owner = (d.owner ?? {}) as { name?: unknown; email?: unknown; id?: unknown };
      const who = `${text(owner.name) ?? text(owner.id)}${text(owner.email) ? ` (${text(owner.email)})` : ''}`;
      return d.previousOwnerId
        ? `Owner changed from ${person(d.previousOwnerId)} to ${who} by ${by}`
        : `Owner set to ${who} by ${by}`;
    }
    case 'DueDateSet':
      return d.previousDueDate
        ? because(
            `Due date moved from ${longDate(d.previousDueDate)} to ${longDate(d.dueDate)} by ${by}`,
            d.reason,
          )
        : because(`Due date set to ${longDate(d.dueDate)} by ${by}`, d.reason);
    case 'ProgressReported':
      return because(
        `Progress reported by ${by}: ${text(d.percentComplete)}% complete, ${CONFIDENCE[String(d.confidence)] ?? text(d.confidence)}`,
        d.note,
      );
    case 'EvidenceAdded':
      return (
        `Evidence added by ${by}: "${text(d.title) ?? ''}" at ${text(d.uri) ?? 'no address'}` +
        (text(d.sha256) ? ` (SHA-256 ${text(d.sha256)})` : '')
      );
    case 'ActionCompleted':
      return because(`Marked complete by ${by}`, d.summary);
    case 'CompletionVerified':
      return because(`Completion verified by ${by}, action closed`, d.note);
    case 'CompletionRejected':
      return because(`Completion rejected by ${by}, action open again`, d.reason);
    case 'ActionCancelled':
      return because(`Cancelled by ${by}`, d.reason);
    case 'ReminderSent': {
      const kind = REMINDER_KINDS[String(d.kind)] ?? text(d.kind);
      const sequence = typeof d.sequence === 'number' ? `, ${ordinal(d.sequence)}` : '';
      const how = d.channel === 'email' ? 'emailed' : `sent by ${text(d.channel) ?? 'message'}`;
      return `Reminder (${kind}${sequence}) ${how} to ${text(d.recipient) ?? 'the owner'} by ${by}`;
    }
    case 'ActionBecameOverdue':
      return `Became overdue (due ${longDate(d.dueDate)}), found by ${by} on ${longDate(d.detectedAt)}`;
    case 'ActionEscalated': {
      const days = typeof d.daysOverdue === 'number' ? d.daysOverdue : 0;
      const why =
        d.reason === 'overdue'
          ? `${count(days, 'day')} overdue`
          : d.reason === 'off-track'
            ? `reported off track twice in a row${days > 0 ? `, ${count(days, 'day')} overdue` : ''}`
            : `escalated by hand${days > 0 ? `, ${count(days, 'day')} overdue` : ''}`;
      return `Escalated to level ${text(d.toLevel)} (${board(d.boardId)}) by ${by}: ${why}`;
    }
    case 'BoardDecisionRecorded':
      return because(
        `${board(d.boardId)} decided to ${DECISIONS[String(d.decision)] ?? text(d.decision)} at its meeting of ${longDate(d.meetingDate)}; recorded by ${by}`,
        d.note,
      );

    // Audit stream (ADR 11)
    case AUDIT_EXPORT_STARTED:
      return `Export of the event log (${text(d.format)}) of events recorded ${d.from ? `from ${text(d.from)} ` : ''}up to ${text(d.to)} taken by ${by} through the ${d.channel === 'cli' ? 'command line' : 'API'}`;
    case AUDIT_EXPORT_COMPLETED:
      return `Export finished: ${count(Number(d.events) || 0, 'event')}, ${count(Number(d.bytes) || 0, 'byte')}, SHA-256 ${text(d.sha256)}`;
    default:
      return `${event.type} by ${by}`;
  }
}

/**
 * A stream's events described in order. Earlier events name people that later ones refer to by
 * id only (an owner replaced by a new one), so the names are gathered as the stream is read.
 */
export function describeHistory(
  events: readonly DescribableEvent[],
  context: DescriptionContext = {},
): string[] {
  const people = new Map(context.people ?? []);
  return events.map((event) => {
    const description = describeEvent(event, { ...context, people });
    if (event.type === 'OwnerAssigned') {
      const owner = event.data.owner as { id?: unknown; name?: unknown } | undefined;
      if (typeof owner?.id === 'string' && text(owner.name))
        people.set(owner.id, owner.name as string);
    }
    return description;
  });
}

function statement(code: unknown): string {
  return isQualityStatementCode(code) ? `${code} ${qualityStatement(code).name}` : String(code);
}

function boardName(id: unknown, context: DescriptionContext): string {
  const found = context.boards?.find((b) => b.boardId === id);
  return found ? found.name : `board ${String(id)}`;
}
