import { randomUUID } from 'node:crypto';
import {
  ACTION_EVENT_SCHEMA_VERSIONS,
  type ActionEvent,
  type ActionOwner,
  type ActionRaisedData,
  actionStreamName,
  PLAN_EVENT_SCHEMA_VERSIONS,
  type PlanEvent,
  planStreamName,
} from '@asc/domain';
import { type EventStore, type NewEvent, type StoredEvent } from '@asc/event-store';

/** Shared test data for the read-model specs. */
export const PLAN_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
export const OTHER_PLAN_ID = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

export const alice: ActionOwner = {
  id: 'alice',
  name: 'Alice Smith',
  email: 'Alice@Medway.gov.uk',
};
export const bob: ActionOwner = { id: 'bob', name: 'Bob Jones', email: 'bob@medway.gov.uk' };

type DomainEvent = ActionEvent | PlanEvent;

export function raised(
  actionId: string,
  overrides: Partial<ActionRaisedData> = {},
): ActionEvent & { type: 'ActionRaised' } {
  return {
    type: 'ActionRaised',
    data: {
      actionId,
      planId: PLAN_ID,
      ref: 'QS7-01',
      title: 'Reduce safeguarding waiting lists',
      description: null,
      qualityStatement: 'QS7',
      priority: 'medium',
      source: { kind: 'manual', reference: null },
      ...overrides,
    },
  };
}

export const ownerAssigned = (owner: ActionOwner, previousOwnerId: string | null = null) =>
  ({ type: 'OwnerAssigned', data: { owner, previousOwnerId } }) as const satisfies ActionEvent;

export const dueDateSet = (
  dueDate: string,
  previousDueDate: string | null = null,
  reason: string | null = previousDueDate ? 'Re-planned' : null,
) =>
  ({
    type: 'DueDateSet',
    data: { dueDate, previousDueDate, reason },
  }) as const satisfies ActionEvent;

export const progress = (
  percentComplete: number,
  confidence: 'on-track' | 'at-risk' | 'off-track',
) =>
  ({
    type: 'ProgressReported',
    data: { percentComplete, confidence, note: 'update' },
  }) as const satisfies ActionEvent;

export const completed = () =>
  ({ type: 'ActionCompleted', data: { summary: 'Done' } }) as const satisfies ActionEvent;
export const verified = () =>
  ({ type: 'CompletionVerified', data: { note: 'Checked' } }) as const satisfies ActionEvent;
export const cancelled = () =>
  ({ type: 'ActionCancelled', data: { reason: 'Withdrawn' } }) as const satisfies ActionEvent;

export const escalated = (boardId: string, toLevel: number, fromLevel = toLevel - 1) =>
  ({
    type: 'ActionEscalated',
    data: { fromLevel, toLevel, boardId, reason: 'overdue', daysOverdue: 14 },
  }) as const satisfies ActionEvent;

export const decided = (boardId: string) =>
  ({
    type: 'BoardDecisionRecorded',
    data: { boardId, decision: 'note', note: 'Noted', meetingDate: '2025-05-01' },
  }) as const satisfies ActionEvent;

export const planCreated = (planId = PLAN_ID, title = 'ASC improvement plan') =>
  ({
    type: 'PlanCreated',
    data: { planId, authority: 'Medway Council', title, period: null },
  }) as const satisfies PlanEvent;

export const scored = (qualityStatement: string, score: number, assessedAt: string) =>
  ({
    type: 'QualityStatementScored',
    data: { qualityStatement, score, source: 'cqc', assessedAt },
  }) as unknown as PlanEvent;

function schemaVersion(type: string): number {
  return (
    (ACTION_EVENT_SCHEMA_VERSIONS as Record<string, number>)[type] ??
    (PLAN_EVENT_SCHEMA_VERSIONS as Record<string, number>)[type] ??
    1
  );
}

function toNewEvent(event: DomainEvent | { type: string; data: object }): NewEvent {
  return {
    eventId: randomUUID(),
    type: event.type,
    schemaVersion: schemaVersion(event.type),
    data: event.data as Record<string, unknown>,
    metadata: {
      actor: 'test',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      commandId: randomUUID(),
    },
  };
}

/** An in-memory log that hands out positions and versions, for unit tests of projections. */
export class FakeLog {
  readonly events: StoredEvent[] = [];
  private readonly versions = new Map<string, number>();
  recordedAt = '2025-03-03T09:00:00.000Z';

  append(
    stream: string,
    ...events: (DomainEvent | { type: string; data: object })[]
  ): StoredEvent[] {
    return events.map((event) => {
      const version = (this.versions.get(stream) ?? -1) + 1;
      this.versions.set(stream, version);
      const e = toNewEvent(event);
      const stored: StoredEvent = {
        stream,
        version,
        position: this.events.length + 1,
        eventId: e.eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
        metadata: { ...e.metadata, recordedAt: this.recordedAt },
        recordedAt: this.recordedAt,
        hash: 'x'.repeat(64),
      };
      this.events.push(stored);
      return stored;
    });
  }

  action(actionId: string, ...events: ActionEvent[]): StoredEvent[] {
    return this.append(actionStreamName(actionId), ...events);
  }

  plan(planId: string, ...events: PlanEvent[]): StoredEvent[] {
    return this.append(planStreamName(planId), ...events);
  }
}

/** Appends domain events to a real store, at whatever version the stream is at. */
export async function appendTo(
  store: EventStore,
  stream: string,
  ...events: (DomainEvent | { type: string; data: object })[]
): Promise<number> {
  const result = await store.appendToStream(stream, events.map(toNewEvent), {
    expectedVersion: 'any',
  });
  return result.lastPosition;
}

export const appendAction = (store: EventStore, actionId: string, ...events: ActionEvent[]) =>
  appendTo(store, actionStreamName(actionId), ...events);

export const appendPlan = (store: EventStore, planId: string, ...events: PlanEvent[]) =>
  appendTo(store, planStreamName(planId), ...events);

/** A fixed clock whose time tests move. */
export class TestClock {
  constructor(public current = new Date('2025-03-03T09:00:00Z')) {}
  readonly now = () => this.current;
  set(iso: string): void {
    this.current = new Date(iso);
  }
}
