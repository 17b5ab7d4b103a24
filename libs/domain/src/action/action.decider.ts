import { resolveQualityStatement } from '../cqc/cqc-catalogue';
import { type Decider } from '../shared/decider';
import { refuse } from '../shared/domain-rule-violation';
import { compareDates, londonDateOf } from '../shared/london-calendar';
import {
  isNonEmptyString,
  isPlausibleEmail,
  oneOf,
  optionalText,
  requireActor,
  requireDate,
  requireInstant,
  requireText,
} from '../shared/validation.helpers';
import {
  type AddEvidence,
  type AssignOwner,
  type ActionCommand,
  type CancelAction,
  type CompleteAction,
  type EscalateAction,
  type MarkOverdue,
  type RaiseAction,
  type RecordBoardDecision,
  type RecordReminderSent,
  type RejectCompletion,
  type ReportProgress,
  type SetDueDate,
  type VerifyCompletion,
} from './action.commands';
import {
  BOARD_DECISIONS,
  CONFIDENCES,
  ESCALATION_REASONS,
  PRIORITIES,
  REMINDER_KINDS,
  type ActionEvent,
  type ActionOwner,
  type ActionSource,
  type DueDateSet,
  type OwnerAssigned,
} from './action.events';
import {
  actionDaysOverdue,
  evolveAction,
  hasReminderBeenSent,
  initialActionState,
  isActionOverdue,
  isChased,
  isOverdueRecorded,
  isRaised,
  type ActionState,
  type RaisedAction,
} from './action.state';

/** Reason written on the DueDateSet of a board `extend` decision given without a note. */
export const BOARD_EXTENSION_DEFAULT_REASON = 'Extended by board decision';

const SHA256_PATTERN = /^[0-9a-f]{64}$/i;

/**
 * Decide what happens when `command` meets `state`: the events to append (possibly none, for an
 * idempotent repeat), or a thrown DomainRuleViolation naming the rule. Pure: the only time it
 * knows is `command.now`.
 */
export function decideAction(command: ActionCommand, state: ActionState): ActionEvent[] {
  requireInstant(command.now);
  requireActor(command.actor);

  if (command.type === 'RaiseAction') return raise(command, state);

  if (!isRaised(state)) {
    refuse('action-not-raised', 'There is no such action: it has not been raised.', 'actionId');
  }
  if (command.actionId !== state.actionId) {
    refuse(
      'action-id-mismatch',
      `The command is for action ${String(command.actionId)}, not ${state.actionId}.`,
      'actionId',
    );
  }
  if (state.status === 'closed') {
    refuse('action-is-closed', `Action ${state.ref} is closed: it can no longer be changed.`);
  }
  if (state.status === 'cancelled') {
    refuse(
      'action-is-cancelled',
      `Action ${state.ref} was cancelled: it can no longer be changed.`,
    );
  }

  switch (command.type) {
    case 'AssignOwner':
      return assignOwner(command, state);
    case 'SetDueDate':
      return setDueDate(command, state);
    case 'ReportProgress':
      return reportProgress(command, state);
    case 'AddEvidence':
      return addEvidence(command, state);
    case 'CompleteAction':
      return complete(command, state);
    case 'VerifyCompletion':
      return verify(command, state);
    case 'RejectCompletion':
      return reject(command, state);
    case 'CancelAction':
      return cancel(command, state);
    case 'EscalateAction':
      return escalate(command, state);
    case 'RecordBoardDecision':
      return recordBoardDecision(command, state);
    case 'RecordReminderSent':
      return recordReminderSent(command, state);
    case 'MarkOverdue':
      return markOverdue(command, state);
    default: {
      const unknown: never = command;
      return refuse(
        'unknown-command',
        `Unknown command ${String((unknown as { type?: unknown }).type)}.`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------

function raise(command: RaiseAction, state: ActionState): ActionEvent[] {
  if (isRaised(state)) {
    refuse('action-already-raised', `Action ${state.ref} has already been raised.`, 'actionId');
  }
  const actionId = requireText(
    command.actionId,
    'action-id-required',
    'An action needs an id.',
    'actionId',
  );
  const planId = requireText(
    command.planId,
    'plan-id-required',
    'An action belongs to a plan: planId is required.',
    'planId',
  );
  const title = requireText(command.title, 'title-required', 'An action needs a title.', 'title');
  const ref =
    optionalText(command.ref, 'invalid-ref', 'ref must be text.', 'ref') ??
    `A-${actionId.slice(0, 8)}`;
  const description = optionalText(
    command.description,
    'invalid-description',
    'description must be text.',
    'description',
  );
  const qualityStatement = resolveQualityStatement(command.qualityStatement);
  if (!qualityStatement) {
    refuse(
      'unknown-quality-statement',
      `"${String(command.qualityStatement)}" is not one of the nine CQC quality statements (QS1–QS9 or a name).`,
      'qualityStatement',
    );
  }
  if (!oneOf(PRIORITIES, command.priority)) {
    refuse('invalid-priority', 'priority must be high, medium or low.', 'priority');
  }
  const source = validSource(command.source);

  const events: ActionEvent[] = [
    {
      type: 'ActionRaised',
      data: {
        actionId,
        planId,
        ref,
        title,
        description,
        qualityStatement: qualityStatement.code,
        priority: command.priority,
        source,
      },
    },
  ];
  if (command.owner !== undefined && command.owner !== null) {
    events.push({
      type: 'OwnerAssigned',
      data: { owner: validOwner(command.owner, 'owner'), previousOwnerId: null },
    });
  }
  if (command.dueDate !== undefined && command.dueDate !== null) {
    events.push({
      type: 'DueDateSet',
      data: {
        dueDate: requireDate(command.dueDate, 'dueDate'),
        previousDueDate: null,
        reason: null,
      },
    });
  }
  return events;
}

function validSource(source: RaiseAction['source']): ActionSource {
  if (source === undefined || source === null) return { kind: 'manual', reference: null };
  if (typeof source !== 'object' || !isNonEmptyString(source.kind)) {
    refuse('invalid-source', 'source needs a kind, e.g. self-assessment.', 'source.kind');
  }
  const reference = optionalText(
    source.reference,
    'invalid-source',
    'source.reference must be text.',
    'source.reference',
  );
  return { kind: source.kind.trim(), reference };
}

function validOwner(owner: unknown, field: string): ActionOwner {
  const o = (typeof owner === 'object' && owner !== null ? owner : {}) as Partial<ActionOwner>;
  if (!isNonEmptyString(o.id)) {
    refuse('invalid-owner', 'An owner needs the subject id of a person.', `${field}.id`);
  }
  if (!isNonEmptyString(o.name)) refuse('invalid-owner', 'An owner needs a name.', `${field}.name`);
  if (!isPlausibleEmail(o.email)) {
    refuse('invalid-owner', 'An owner needs a valid email address.', `${field}.email`);
  }
  return { id: o.id.trim(), name: o.name.trim(), email: o.email.trim() };
}

function ownerAssigned(state: RaisedAction, owner: ActionOwner): OwnerAssigned {
  const current = state.owner;
  if (
    current !== null &&
    current.id === owner.id &&
    current.name === owner.name &&
    current.email === owner.email
  ) {
    refuse('owner-unchanged', `${owner.name} already owns action ${state.ref}.`, 'owner');
  }
  return { type: 'OwnerAssigned', data: { owner, previousOwnerId: current?.id ?? null } };
}

function assignOwner(command: AssignOwner, state: RaisedAction): ActionEvent[] {
  return [ownerAssigned(state, validOwner(command.owner, 'owner'))];
}

/** DueDateSet for a new date, with the re-planning rules. */
function dueDateSet(
  state: RaisedAction,
  dueDate: string,
  reason: string | null,
  field: string,
): DueDateSet {
  if (state.dueDate === dueDate) {
    refuse('due-date-unchanged', `Action ${state.ref} is already due on ${dueDate}.`, field);
  }
  if (state.dueDate !== null && reason === null) {
    refuse(
      'due-date-change-requires-reason',
      `Action ${state.ref} is due on ${state.dueDate}: say why the date changes.`,
      'reason',
    );
  }
  return { type: 'DueDateSet', data: { dueDate, previousDueDate: state.dueDate, reason } };
}

function requireRaisedOrOpen(
  state: RaisedAction,
  rule: 'due-date-requires-raised-or-open-action' | 'extend-requires-raised-or-open-action',
): void {
  if (state.status !== 'raised' && state.status !== 'open') {
    refuse(
      rule,
      `Action ${state.ref} is ${state.status}: only a raised or open action can be given a due date.`,
    );
  }
}

function setDueDate(command: SetDueDate, state: RaisedAction): ActionEvent[] {
  requireRaisedOrOpen(state, 'due-date-requires-raised-or-open-action');
  const dueDate = requireDate(command.dueDate, 'dueDate');
  const reason = optionalText(
    command.reason,
    'due-date-change-requires-reason',
    'reason must be text.',
    'reason',
  );
  return [dueDateSet(state, dueDate, reason, 'dueDate')];
}

function reportProgress(command: ReportProgress, state: RaisedAction): ActionEvent[] {
  if (state.status !== 'open') {
    refuse(
      'progress-requires-open-action',
      `Action ${state.ref} is ${state.status}: progress can only be reported on an open action` +
        (state.status === 'raised' ? ' (it needs an owner and a due date first).' : '.'),
    );
  }
  const percent = command.percentComplete;
  if (typeof percent !== 'number' || !Number.isInteger(percent) || percent < 0 || percent > 100) {
    refuse(
      'percent-complete-out-of-range',
      'percentComplete must be a whole number from 0 to 100.',
      'percentComplete',
    );
  }
  if (!oneOf(CONFIDENCES, command.confidence)) {
    refuse(
      'invalid-confidence',
      'confidence must be on-track, at-risk or off-track.',
      'confidence',
    );
  }
  const note = optionalText(command.note, 'invalid-note', 'note must be text.', 'note') ?? '';
  return [
    {
      type: 'ProgressReported',
      data: { percentComplete: percent, confidence: command.confidence, note },
    },
  ];
}

function addEvidence(command: AddEvidence, _state: RaisedAction): ActionEvent[] {
  const title = requireText(
    command.title,
    'evidence-requires-title',
    'Evidence needs a title.',
    'title',
  );
  const uri = requireText(
    command.uri,
    'evidence-requires-uri',
    'Evidence needs a link (uri) to where it is kept.',
    'uri',
  );
  let sha256: string | null = null;
  if (command.sha256 !== undefined && command.sha256 !== null && command.sha256 !== '') {
    if (typeof command.sha256 !== 'string' || !SHA256_PATTERN.test(command.sha256)) {
      refuse('invalid-sha256', 'sha256 must be 64 hexadecimal characters.', 'sha256');
    }
    sha256 = command.sha256.toLowerCase();
  }
  return [{ type: 'EvidenceAdded', data: { title, uri, sha256 } }];
}

function complete(command: CompleteAction, state: RaisedAction): ActionEvent[] {
  if (state.status !== 'open') {
    refuse(
      'complete-requires-open-action',
      `Action ${state.ref} is ${state.status}: only an open action can be completed.`,
    );
  }
  const summary = requireText(
    command.summary,
    'completion-requires-summary',
    'Say what was done: a completion needs a summary.',
    'summary',
  );
  return [{ type: 'ActionCompleted', data: { summary } }];
}

function verify(command: VerifyCompletion, state: RaisedAction): ActionEvent[] {
  if (state.status !== 'completed') {
    refuse(
      'verify-requires-completed-action',
      `Action ${state.ref} is ${state.status}: only a completed action can be verified.`,
    );
  }
  const note = optionalText(command.note, 'invalid-note', 'note must be text.', 'note') ?? '';
  return [{ type: 'CompletionVerified', data: { note } }];
}

function reject(command: RejectCompletion, state: RaisedAction): ActionEvent[] {
  if (state.status !== 'completed') {
    refuse(
      'reject-requires-completed-action',
      `Action ${state.ref} is ${state.status}: only a completed action can have its completion rejected.`,
    );
  }
  const reason = requireText(
    command.reason,
    'rejection-requires-reason',
    'Say why the completion is rejected.',
    'reason',
  );
  return [{ type: 'CompletionRejected', data: { reason } }];
}

function cancel(command: CancelAction, _state: RaisedAction): ActionEvent[] {
  const reason = requireText(
    command.reason,
    'cancellation-requires-reason',
    'Say why the action is cancelled.',
    'reason',
  );
  return [{ type: 'ActionCancelled', data: { reason } }];
}

function escalate(command: EscalateAction, state: RaisedAction): ActionEvent[] {
  const boardId = requireText(
    command.boardId,
    'escalation-requires-board',
    'An escalation must name the board it goes to.',
    'boardId',
  );
  const toLevel = command.toLevel;
  if (typeof toLevel !== 'number' || !Number.isInteger(toLevel) || toLevel < 1) {
    refuse('invalid-escalation-level', 'toLevel must be a whole number, 1 or more.', 'toLevel');
  }
  if (!oneOf(ESCALATION_REASONS, command.reason)) {
    refuse('invalid-escalation-reason', 'reason must be overdue, off-track or manual.', 'reason');
  }
  if (toLevel <= state.escalationLevel) {
    refuse(
      'escalation-level-must-rise',
      `Action ${state.ref} is already escalated to level ${state.escalationLevel}: escalation only goes up.`,
      'toLevel',
    );
  }
  const today = londonDateOf(command.now);
  if (command.reason === 'overdue' && !isActionOverdue(state, today)) {
    refuse(
      'overdue-escalation-requires-overdue-action',
      `Action ${state.ref} is not overdue on ${today}.`,
      'reason',
    );
  }
  if (command.reason === 'off-track' && state.confidence !== 'off-track') {
    refuse(
      'off-track-escalation-requires-off-track-report',
      `Action ${state.ref}'s latest progress report is not off-track.`,
      'reason',
    );
  }
  return [
    {
      type: 'ActionEscalated',
      data: {
        fromLevel: state.escalationLevel,
        toLevel,
        boardId,
        reason: command.reason,
        daysOverdue: actionDaysOverdue(state, today),
      },
    },
  ];
}

/**
 * A board minutes a decision. `extend` also re-plans (DueDateSet), `reassign` also changes the
 * owner (OwnerAssigned), `close` on a completed action also verifies it (CompletionVerified).
 * `close` on an action that is not completed is refused: closing means "done and signed off";
 * to withdraw an unfinished action cancel it with a reason, to live with it record accept-risk.
 */
function recordBoardDecision(command: RecordBoardDecision, state: RaisedAction): ActionEvent[] {
  const boardId = requireText(
    command.boardId,
    'decision-requires-board',
    'A decision must name the board that made it.',
    'boardId',
  );
  if (!oneOf(BOARD_DECISIONS, command.decision)) {
    refuse(
      'invalid-board-decision',
      'decision must be note, extend, reassign, accept-risk or close.',
      'decision',
    );
  }
  const meetingDate = requireDate(command.meetingDate, 'meetingDate');
  const note = optionalText(command.note, 'invalid-note', 'note must be text.', 'note') ?? '';
  const recorded: ActionEvent = {
    type: 'BoardDecisionRecorded',
    data: { boardId, decision: command.decision, note, meetingDate },
  };

  switch (command.decision) {
    case 'extend': {
      requireRaisedOrOpen(state, 'extend-requires-raised-or-open-action');
      if (
        command.newDueDate === undefined ||
        command.newDueDate === null ||
        command.newDueDate === ''
      ) {
        refuse(
          'extend-requires-new-due-date',
          'An extension needs the new due date (newDueDate).',
          'newDueDate',
        );
      }
      const newDueDate = requireDate(command.newDueDate, 'newDueDate');
      if (state.dueDate !== null && compareDates(newDueDate, state.dueDate) < 0) {
        refuse(
          'extension-must-be-later',
          `An extension moves the date later: ${newDueDate} is before ${state.dueDate}.`,
          'newDueDate',
        );
      }
      const reason = note !== '' ? note : BOARD_EXTENSION_DEFAULT_REASON;
      return [recorded, dueDateSet(state, newDueDate, reason, 'newDueDate')];
    }
    case 'reassign': {
      if (command.newOwner === undefined || command.newOwner === null) {
        refuse(
          'reassign-requires-new-owner',
          'A reassignment needs the new owner (newOwner).',
          'newOwner',
        );
      }
      return [recorded, ownerAssigned(state, validOwner(command.newOwner, 'newOwner'))];
    }
    case 'close':
      if (state.status !== 'completed') {
        refuse(
          'close-requires-completed-action',
          `Action ${state.ref} is ${state.status}: a board closes only a completed action. ` +
            'Cancel it with a reason to withdraw it, or record accept-risk.',
          'decision',
        );
      }
      return [recorded, { type: 'CompletionVerified', data: { note } }];
    case 'note':
    case 'accept-risk':
      return [recorded];
  }
}

function recordReminderSent(command: RecordReminderSent, state: RaisedAction): ActionEvent[] {
  if (!oneOf(REMINDER_KINDS, command.kind)) {
    refuse('invalid-reminder-kind', 'kind must be due-soon, due or overdue.', 'kind');
  }
  const dueDate = requireDate(command.dueDate, 'dueDate');
  const sequence = command.sequence;
  if (typeof sequence !== 'number' || !Number.isInteger(sequence) || sequence < 0) {
    refuse('invalid-reminder-sequence', 'sequence must be a whole number, 0 or more.', 'sequence');
  }
  const channel = requireText(
    command.channel,
    'reminder-requires-channel',
    'Say how the reminder went out (channel).',
    'channel',
  );
  const recipient = requireText(
    command.recipient,
    'reminder-requires-recipient',
    'Say who the reminder went to (recipient).',
    'recipient',
  );
  // Idempotent: the same (kind, dueDate, sequence) again is nothing new.
  if (hasReminderBeenSent(state, { kind: command.kind, dueDate, sequence })) return [];
  if (!isChased(state)) {
    refuse(
      'reminder-requires-chased-action',
      `Action ${state.ref} is ${state.status}${state.dueDate === null ? ' without a due date' : ''}: ` +
        'reminders go only to open actions, or raised ones with a due date.',
    );
  }
  if (dueDate !== state.dueDate) {
    refuse(
      'reminder-for-superseded-due-date',
      `Action ${state.ref} is now due on ${state.dueDate}, not ${dueDate}: this reminder belongs to an old chase.`,
      'dueDate',
    );
  }
  return [
    { type: 'ReminderSent', data: { kind: command.kind, dueDate, sequence, channel, recipient } },
  ];
}

function markOverdue(command: MarkOverdue, state: RaisedAction): ActionEvent[] {
  // At most once per due date.
  if (isOverdueRecorded(state)) return [];
  if (!isChased(state)) {
    refuse(
      'overdue-requires-chased-action',
      `Action ${state.ref} is ${state.status}${state.dueDate === null ? ' without a due date' : ''}: ` +
        'only an open action, or a raised one with a due date, can become overdue.',
    );
  }
  const today = londonDateOf(command.now);
  if (!isActionOverdue(state, today)) {
    refuse(
      'action-not-overdue',
      `Action ${state.ref} is due on ${state.dueDate}: on ${today} it is not overdue.`,
    );
  }
  return [
    { type: 'ActionBecameOverdue', data: { dueDate: state.dueDate, detectedAt: command.now } },
  ];
}

/** The action aggregate as a Decider: initialState, decide, evolve. */
export const actionDecider: Decider<ActionCommand, ActionEvent, ActionState> = Object.freeze({
  initialState: initialActionState,
  decide: decideAction,
  evolve: evolveAction,
});
