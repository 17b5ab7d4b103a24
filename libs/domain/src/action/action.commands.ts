import {
  type ActionOwner,
  type BoardDecision,
  type Confidence,
  type EscalationReason,
  type Priority,
  type ReminderKind,
} from './action.events';

/**
 * Commands to the action aggregate: imperative, validated by the decider. Every command carries
 * `now` (an ISO 8601 instant from the injected clock: time enters only here) and `actor` (the
 * subject id, or `system:<component>`, that the handler also writes into the event metadata),
 * and the `actionId` of the stream it targets.
 */
interface ActionCommandBase {
  readonly actionId: string;
  /** ISO 8601 instant with offset, e.g. `2025-03-01T09:30:00Z`. */
  readonly now: string;
  readonly actor: string;
}

type Command<T extends string, D> = { readonly type: T } & ActionCommandBase & D;

export type RaiseAction = Command<
  'RaiseAction',
  {
    readonly planId: string;
    /** Human reference, e.g. `QS1-03`; defaults to `A-` and the first 8 characters of actionId. */
    readonly ref?: string;
    readonly title: string;
    readonly description?: string | null;
    /** A code (`QS7`) or a name, matched loosely. Stored as the code. */
    readonly qualityStatement: string;
    readonly priority: Priority;
    /** Defaults to `{ kind: 'manual', reference: null }`. */
    readonly source?: { readonly kind: string; readonly reference?: string | null } | null;
    /** When given, OwnerAssigned follows ActionRaised. */
    readonly owner?: ActionOwner | null;
    /** When given (`YYYY-MM-DD`), DueDateSet follows. With an owner too, the action is open. */
    readonly dueDate?: string | null;
  }
>;

export type AssignOwner = Command<'AssignOwner', { readonly owner: ActionOwner }>;

export type SetDueDate = Command<
  'SetDueDate',
  {
    readonly dueDate: string;
    /** Required when the action already has a due date. */
    readonly reason?: string | null;
  }
>;

export type ReportProgress = Command<
  'ReportProgress',
  {
    readonly percentComplete: number;
    readonly confidence: Confidence;
    readonly note: string;
  }
>;

export type AddEvidence = Command<
  'AddEvidence',
  { readonly title: string; readonly uri: string; readonly sha256?: string | null }
>;

export type CompleteAction = Command<'CompleteAction', { readonly summary: string }>;

export type VerifyCompletion = Command<'VerifyCompletion', { readonly note?: string | null }>;

export type RejectCompletion = Command<'RejectCompletion', { readonly reason: string }>;

export type CancelAction = Command<'CancelAction', { readonly reason: string }>;

export type EscalateAction = Command<
  'EscalateAction',
  {
    readonly boardId: string;
    /** The level of that board (the handler reads it from the plan's boards). */
    readonly toLevel: number;
    /** `manual` for a person's escalation; `overdue` / `off-track` from the chaser. */
    readonly reason: EscalationReason;
  }
>;

export type RecordBoardDecision = Command<
  'RecordBoardDecision',
  {
    readonly boardId: string;
    readonly decision: BoardDecision;
    readonly note?: string | null;
    /** `YYYY-MM-DD`. */
    readonly meetingDate: string;
    /** Required for `extend`; ignored otherwise. */
    readonly newDueDate?: string | null;
    /** Required for `reassign`; ignored otherwise. */
    readonly newOwner?: ActionOwner | null;
  }
>;

export type RecordReminderSent = Command<
  'RecordReminderSent',
  {
    readonly kind: ReminderKind;
    readonly dueDate: string;
    readonly sequence: number;
    readonly channel: string;
    readonly recipient: string;
  }
>;

/** The chaser found the action overdue: decided against `now` in Europe/London. */
export type MarkOverdue = Command<'MarkOverdue', Record<never, never>>;

export type ActionCommand =
  | RaiseAction
  | AssignOwner
  | SetDueDate
  | ReportProgress
  | AddEvidence
  | CompleteAction
  | VerifyCompletion
  | RejectCompletion
  | CancelAction
  | EscalateAction
  | RecordBoardDecision
  | RecordReminderSent
  | MarkOverdue;

export type ActionCommandType = ActionCommand['type'];

export const ACTION_COMMAND_TYPES = [
  'RaiseAction',
  'AssignOwner',
  'SetDueDate',
  'ReportProgress',
  'AddEvidence',
  'CompleteAction',
  'VerifyCompletion',
  'RejectCompletion',
  'CancelAction',
  'EscalateAction',
  'RecordBoardDecision',
  'RecordReminderSent',
  'MarkOverdue',
] as const satisfies readonly ActionCommandType[];
