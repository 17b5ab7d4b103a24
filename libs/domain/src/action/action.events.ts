import { type QualityStatementCode } from '../cqc/cqc-catalogue';

/**
 * The facts stored in an action's stream (`action-<uuid>`). Type names and data field names are
 * the contract of domain.md: never rename them; change a shape only with a new schemaVersion and
 * an upcaster. Optional values are stored as `null`, never omitted, so every event of a type has
 * the same keys. Metadata (eventId, actor, recordedAt, correlation/causation/command ids) is added
 * by the command handler, not here.
 */

export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CONFIDENCES = ['on-track', 'at-risk', 'off-track'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const REMINDER_KINDS = ['due-soon', 'due', 'overdue'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const ESCALATION_REASONS = ['overdue', 'off-track', 'manual'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export const BOARD_DECISIONS = ['note', 'extend', 'reassign', 'accept-risk', 'close'] as const;
export type BoardDecision = (typeof BOARD_DECISIONS)[number];

export interface ActionOwner {
  /** Subject id from the identity provider. */
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

/**
 * Where an action came from. `kind` is free text so importers can add their own; the ones used so
 * far: `manual`, `self-assessment`, `cqc-finding`, `csv`. `reference` points into the source
 * (a finding id, a document section, a CSV row).
 */
export interface ActionSource {
  readonly kind: string;
  readonly reference: string | null;
}

export interface ActionRaisedData {
  readonly actionId: string;
  readonly planId: string;
  readonly ref: string;
  readonly title: string;
  readonly description: string | null;
  readonly qualityStatement: QualityStatementCode;
  readonly priority: Priority;
  readonly source: ActionSource;
}

export interface OwnerAssignedData {
  readonly owner: ActionOwner;
  readonly previousOwnerId: string | null;
}

export interface DueDateSetData {
  /** `YYYY-MM-DD`. */
  readonly dueDate: string;
  readonly previousDueDate: string | null;
  /** Required (non-null) whenever previousDueDate is not null. */
  readonly reason: string | null;
}

export interface ProgressReportedData {
  /** Integer 0–100. */
  readonly percentComplete: number;
  readonly confidence: Confidence;
  readonly note: string;
}

export interface EvidenceAddedData {
  readonly title: string;
  readonly uri: string;
  /** Lower-case hex SHA-256 of the evidence, when known. */
  readonly sha256: string | null;
}

export interface ActionCompletedData {
  readonly summary: string;
}

export interface CompletionVerifiedData {
  readonly note: string;
}

export interface CompletionRejectedData {
  readonly reason: string;
}

export interface ActionCancelledData {
  readonly reason: string;
}

export interface ReminderSentData {
  readonly kind: ReminderKind;
  /** The due date the reminder was about: part of its idempotency key. */
  readonly dueDate: string;
  /** 1, 2, 3 … within (kind, dueDate): e.g. the n-th weekly overdue reminder. */
  readonly sequence: number;
  /** How it went out: `email`, `webhook` … */
  readonly channel: string;
  /** Who it went to: an email address or a subject id. */
  readonly recipient: string;
}

export interface ActionBecameOverdueData {
  readonly dueDate: string;
  /** The instant (ISO 8601) the chaser found it overdue: the command's `now`. */
  readonly detectedAt: string;
}

export interface ActionEscalatedData {
  /** 0 when the action had never been escalated. */
  readonly fromLevel: number;
  readonly toLevel: number;
  readonly boardId: string;
  readonly reason: EscalationReason;
  /** Whole days past the due date at the moment of escalation (Europe/London); 0 if not overdue. */
  readonly daysOverdue: number;
}

export interface BoardDecisionRecordedData {
  readonly boardId: string;
  readonly decision: BoardDecision;
  readonly note: string;
  /** `YYYY-MM-DD` of the board meeting that decided. */
  readonly meetingDate: string;
}

type Event<T extends string, D> = { readonly type: T; readonly data: D };

export type ActionRaised = Event<'ActionRaised', ActionRaisedData>;
export type OwnerAssigned = Event<'OwnerAssigned', OwnerAssignedData>;
export type DueDateSet = Event<'DueDateSet', DueDateSetData>;
export type ProgressReported = Event<'ProgressReported', ProgressReportedData>;
export type EvidenceAdded = Event<'EvidenceAdded', EvidenceAddedData>;
export type ActionCompleted = Event<'ActionCompleted', ActionCompletedData>;
export type CompletionVerified = Event<'CompletionVerified', CompletionVerifiedData>;
export type CompletionRejected = Event<'CompletionRejected', CompletionRejectedData>;
export type ActionCancelled = Event<'ActionCancelled', ActionCancelledData>;
export type ReminderSent = Event<'ReminderSent', ReminderSentData>;
export type ActionBecameOverdue = Event<'ActionBecameOverdue', ActionBecameOverdueData>;
export type ActionEscalated = Event<'ActionEscalated', ActionEscalatedData>;
export type BoardDecisionRecorded = Event<'BoardDecisionRecorded', BoardDecisionRecordedData>;

export type ActionEvent =
  | ActionRaised
  | OwnerAssigned
  | DueDateSet
  | ProgressReported
  | EvidenceAdded
  | ActionCompleted
  | CompletionVerified
  | CompletionRejected
  | ActionCancelled
  | ReminderSent
  | ActionBecameOverdue
  | ActionEscalated
  | BoardDecisionRecorded;

export type ActionEventType = ActionEvent['type'];

/** Every action event type, in the order of domain.md. */
export const ACTION_EVENT_TYPES = [
  'ActionRaised',
  'OwnerAssigned',
  'DueDateSet',
  'ProgressReported',
  'EvidenceAdded',
  'ActionCompleted',
  'CompletionVerified',
  'CompletionRejected',
  'ActionCancelled',
  'ReminderSent',
  'ActionBecameOverdue',
  'ActionEscalated',
  'BoardDecisionRecorded',
] as const satisfies readonly ActionEventType[];

/** The current schemaVersion of each action event type. Bump with an upcaster when a shape changes. */
export const ACTION_EVENT_SCHEMA_VERSIONS: Readonly<Record<ActionEventType, number>> =
  Object.freeze({
    ActionRaised: 1,
    OwnerAssigned: 1,
    DueDateSet: 1,
    ProgressReported: 1,
    EvidenceAdded: 1,
    ActionCompleted: 1,
    CompletionVerified: 1,
    CompletionRejected: 1,
    ActionCancelled: 1,
    ReminderSent: 1,
    ActionBecameOverdue: 1,
    ActionEscalated: 1,
    BoardDecisionRecorded: 1,
  });

/** A set, not the array: projections ask this for every event of a rebuild. */
const ACTION_EVENT_TYPE_SET: ReadonlySet<string> = new Set(ACTION_EVENT_TYPES);

export function isActionEventType(type: unknown): type is ActionEventType {
  return typeof type === 'string' && ACTION_EVENT_TYPE_SET.has(type);
}

/** The stream an action's events live in. */
export function actionStreamName(actionId: string): string {
  return `action-${actionId}`;
}

// Compile-time check: ACTION_EVENT_TYPES lists every member of the union.
const _everyActionEventListed: [
  Exclude<ActionEventType, (typeof ACTION_EVENT_TYPES)[number]>,
] extends [never]
  ? true
  : never = true;
