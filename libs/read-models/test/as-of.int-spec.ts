import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildBoardReport } from '@asc/board-report';
import {
  type ActionCommand,
  type ActionEvent,
  type ActionOwner,
  type ActionState,
  ACTION_EVENT_SCHEMA_VERSIONS,
  actionStreamName,
  decideAction,
  evolveAction,
  evolvePlan,
  initialActionState,
  initialPlanState,
  isCreated,
  isDomainRuleViolation,
  planStreamName,
} from '@asc/domain';
import { SqliteEventStore, type StoredEvent } from '@asc/event-store';
import { ActionSnapshotProjection, ReadModels, SqliteReadModelDatabase } from '../src';
import { PLAN_ID, planCreated } from './read-model-fixtures';

/**
 * As of any moment, from snapshots and the log, equals what a small reference fold written here
 * (not evolveAction) says: random valid command sequences over random days, random moments,
 * snapshots every 3 events and where a stream rests (an hour, 2 events since the last kept) so
 * that moments fall before, between and after them, and the
 * projection stopped part-way so that the log past its checkpoint is read too. Each answer is
 * also checked against a full replay of the streams up to the moment.
 */

const START_MS = Date.parse('2025-01-06T08:00:00.000Z');
const DAY_MS = 86_400_000;
const OWNERS: ActionOwner[] = [
  { id: 'sam', name: 'Sam Manager', email: 'sam@medway.example' },
  { id: 'kim', name: 'Kim Lead', email: 'kim@medway.example' },
];
const BOARDS = ['performance-clinic', 'qapi-board', 'health-asc-oversight-board'];

type Step =
  | { kind: 'raise'; owner: number | null; due: number | null }
  | { kind: 'owner'; owner: number }
  | { kind: 'due'; due: number }
  | { kind: 'progress'; percent: number; confidence: 0 | 1 | 2 }
  | { kind: 'complete' | 'verify' | 'reject' | 'cancel' }
  | { kind: 'escalate'; level: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('raise' as const),
    owner: fc.option(fc.integer({ min: 0, max: 1 })),
    due: fc.option(fc.integer({ min: 0, max: 90 })),
  }),
  fc.record({ kind: fc.constant('owner' as const), owner: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant('due' as const), due: fc.integer({ min: 0, max: 120 }) }),
  fc.record({
    kind: fc.constant('progress' as const),
    percent: fc.integer({ min: 0, max: 100 }),
    confidence: fc.constantFrom(0 as const, 1 as const, 2 as const),
  }),
  fc.record({
    kind: fc.constantFrom(
      'complete' as const,
      'verify' as const,
      'reject' as const,
      'cancel' as const,
    ),
  }),
  fc.record({ kind: fc.constant('escalate' as const), level: fc.integer({ min: 1, max: 3 }) }),
);

const scenario = fc.record({
  actions: fc.integer({ min: 1, max: 3 }),
  steps: fc.array(
    fc.record({
      action: fc.nat(2),
      /** Whole days and minutes after the previous step. */
      days: fc.integer({ min: 0, max: 9 }),
      minutes: fc.integer({ min: 1, max: 600 }),
      step,
    }),
    { minLength: 1, maxLength: 40 },
  ),
  /** How many of the events the snapshot projection has seen. */
  seen: fc.double({ min: 0, max: 1, noNaN: true }),
  /** Moments, as fractions of the history's span (a little before and after it included). */
  moments: fc.array(fc.double({ min: -0.05, max: 1.05, noNaN: true }), {
    minLength: 1,
    maxLength: 12,
  }),
});

function isoDay(offsetDays: number): string {
  return new Date(START_MS + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

function commandOf(s: Step, actionId: string, now: string, n: number): ActionCommand {
  const base = { actionId, now, actor: 'lead-1' };
  switch (s.kind) {
    case 'raise':
      return {
        ...base,
        type: 'RaiseAction',
        planId: PLAN_ID,
        ref: `QS7-${n}`,
        title: `Action ${n}`,
        qualityStatement: 'QS7',
        priority: 'medium',
        owner: s.owner === null ? null : OWNERS[s.owner],
        dueDate: s.due === null ? null : isoDay(s.due),
      };
    case 'owner':
      return { ...base, type: 'AssignOwner', owner: OWNERS[s.owner] };
    case 'due':
      return { ...base, type: 'SetDueDate', dueDate: isoDay(s.due), reason: 'Re-planned' };
    case 'progress':
      return {
        ...base,
        type: 'ReportProgress',
        percentComplete: s.percent,
        confidence: (['on-track', 'at-risk', 'off-track'] as const)[s.confidence],
        note: 'update',
      };
    case 'complete':
      return { ...base, type: 'CompleteAction', summary: 'Done' };
    case 'verify':
      return { ...base, type: 'VerifyCompletion', note: 'Checked' };
    case 'reject':
      return { ...base, type: 'RejectCompletion', reason: 'Not yet' };
    case 'cancel':
      return { ...base, type: 'CancelAction', reason: 'Withdrawn' };
    case 'escalate':
      return {
        ...base,
        type: 'EscalateAction',
        boardId: BOARDS[s.level - 1],
        toLevel: s.level,
        reason: 'manual',
      };
  }
}

/** The reference: what the log says, tracked by hand. */
interface Expected {
  status: string;
  dueDate: string | null;
  ownerId: string | null;
  ownerName: string | null;
  percent: number;
  level: number;
}

function reference(events: readonly StoredEvent[], until: string): Expected | undefined {
  let a: Expected | undefined;
  for (const e of events) {
    if (e.recordedAt > until) continue;
    const d = e.data as Record<string, never>;
    if (e.type === 'ActionRaised') {
      a ??= {
        status: 'raised',
        dueDate: null,
        ownerId: null,
        ownerName: null,
        percent: 0,
        level: 0,
      };
      continue;
    }
    if (!a) continue;
    switch (e.type) {
      case 'OwnerAssigned':
        a.ownerId = (d.owner as ActionOwner).id;
        a.ownerName = (d.owner as ActionOwner).name;
        break;
      case 'DueDateSet':
        a.dueDate = d.dueDate;
        break;
      case 'ProgressReported':
        a.percent = d.percentComplete;
        break;
      case 'ActionCompleted':
        a.status = 'completed';
        break;
      case 'CompletionVerified':
        a.status = 'closed';
        break;
      case 'CompletionRejected':
        a.status = 'open';
        break;
      case 'ActionCancelled':
        a.status = 'cancelled';
        break;
      case 'ActionEscalated':
        a.level = Math.max(a.level, d.toLevel);
        break;
    }
    if (a.status === 'raised' && a.ownerId !== null && a.dueDate !== null) a.status = 'open';
  }
  return a;
}

const LONDON = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

function daysOverdue(a: Expected, today: string): number {
  if (a.dueDate === null || (a.status !== 'raised' && a.status !== 'open')) return 0;
  return Math.max(0, Math.round((Date.parse(today) - Date.parse(a.dueDate)) / DAY_MS));
}

describe('as of any moment (property)', () => {
  it('the snapshot-based action and board report equal the reference fold', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ actions, steps, seen, moments }) => {
        const dir = mkdtempSync(join(tmpdir(), 'as-of-prop-'));
        let nowMs = START_MS;
        const store = SqliteEventStore.open({
          filename: join(dir, 'events.sqlite'),
          clock: () => new Date(nowMs),
        });
        const db = SqliteReadModelDatabase.open({ filename: join(dir, 'rm.sqlite') });
        const readModels = new ReadModels(db, store, {
          projections: [
            new ActionSnapshotProjection(3, undefined, { afterMs: 3_600_000, every: 2 }),
          ],
        });
        try {
          await store.appendToStream(planStreamName(PLAN_ID), [newEvent(planCreated())], {
            expectedVersion: 'no_stream',
          });
          const ids = Array.from({ length: actions }, () => randomUUID());
          const states = new Map<string, ActionState>();
          let n = 0;
          for (const s of steps) {
            nowMs += s.days * DAY_MS + s.minutes * 60_000;
            const actionId = ids[s.action % actions];
            const state = states.get(actionId) ?? initialActionState;
            let decided: ActionEvent[];
            try {
              decided = decideAction(
                commandOf(s.step, actionId, new Date(nowMs).toISOString(), ++n),
                state,
              );
            } catch (error) {
              if (isDomainRuleViolation(error)) continue; // not valid here: skipped
              throw error;
            }
            if (decided.length === 0) continue;
            await store.appendToStream(actionStreamName(actionId), decided.map(newEvent), {
              expectedVersion: state === initialActionState ? 'no_stream' : 'stream_exists',
            });
            states.set(actionId, decided.reduce(evolveAction, state));
          }
          const log = await store.readAll({ limit: 10_000 });
          const cut = log[Math.floor(seen * log.length) - 1]?.position ?? 0;
          const runner = readModels.runner('action-snapshots');
          await runner.loadCheckpoint();
          if (cut > 0) await runner.handle(log.filter((e) => e.position <= cut));

          const span = nowMs - START_MS;
          for (const fraction of moments) {
            const asOf = new Date(START_MS + Math.round(fraction * span)).toISOString();
            const today = LONDON.format(new Date(asOf));
            const expected = new Map<string, Expected>();
            for (const id of ids) {
              const want = reference(
                log.filter((e) => e.stream === actionStreamName(id)),
                asOf,
              );
              const { fold } = await readModels.asOf.action(id, asOf);
              const replayed = (
                await store.readStream(actionStreamName(id), { until: asOf })
              ).reduce(
                (state, e) =>
                  evolveAction(state, { type: e.type, data: e.data } as unknown as ActionEvent),
                initialActionState,
              );
              expect(fold.state).toEqual(replayed);
              if (want) expected.set(id, want);
              if (!want) {
                expect(fold.state.status).toBe('none');
                continue;
              }
              expect(fold.state).toMatchObject({
                status: want.status,
                dueDate: want.dueDate,
                owner: want.ownerId === null ? null : expect.objectContaining({ id: want.ownerId }),
                percentComplete: want.percent,
                escalationLevel: want.level,
              });
            }
            const planEvents = await store.readStream(planStreamName(PLAN_ID), { until: asOf });
            const plan = planEvents.reduce(
              (p, e) => evolvePlan(p, { type: e.type, data: e.data } as never),
              initialPlanState,
            );
            if (!isCreated(plan)) continue;
            const report = buildBoardReport({
              plan,
              boardId: 'qapi-board',
              asOf,
              actions: await readModels.asOf.planActions(PLAN_ID, asOf),
            });
            // The same as a full replay of every stream, with any previous meeting date too.
            const full = await Promise.all(
              ids.map(async (actionId) => ({
                actionId,
                events: await store.readStream(actionStreamName(actionId), { until: asOf }),
              })),
            );
            expect(report).toEqual(
              buildBoardReport({ plan, boardId: 'qapi-board', asOf, actions: full }),
            );
            const previousMeetingDate = isoDay(Math.floor((fraction * span) / DAY_MS / 2));
            if (previousMeetingDate <= today) {
              expect(
                buildBoardReport({
                  plan,
                  boardId: 'qapi-board',
                  asOf,
                  previousMeetingDate,
                  actions: await readModels.asOf.planActions(PLAN_ID, asOf),
                }),
              ).toEqual(
                buildBoardReport({
                  plan,
                  boardId: 'qapi-board',
                  asOf,
                  previousMeetingDate,
                  actions: full,
                }),
              );
            }
            const all = [...expected.values()];
            expect(report.actionCount).toBe(all.length);
            for (const status of ['completed', 'closed', 'cancelled'] as const) {
              expect(report.counts[status]).toBe(all.filter((a) => a.status === status).length);
            }
            const overdue = [...expected]
              .filter(([, a]) => daysOverdue(a, today) > 0)
              .map(([id, a]) => ({
                actionId: id,
                dueDate: a.dueDate,
                owner: a.ownerName,
                daysOverdue: daysOverdue(a, today),
                escalationLevel: a.level,
              }));
            expect(
              report.overdue
                .map(({ actionId, dueDate, owner, daysOverdue: days, escalationLevel }) => ({
                  actionId,
                  dueDate,
                  owner,
                  daysOverdue: days,
                  escalationLevel,
                }))
                .sort((x, y) => x.actionId.localeCompare(y.actionId)),
            ).toEqual(overdue.sort((x, y) => x.actionId.localeCompare(y.actionId)));
          }
        } finally {
          await db.close();
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  });
});

function newEvent(event: { type: string; data: object }) {
  return {
    eventId: randomUUID(),
    type: event.type,
    schemaVersion: (ACTION_EVENT_SCHEMA_VERSIONS as Record<string, number>)[event.type] ?? 1,
    data: event.data as Record<string, unknown>,
    metadata: {
      actor: 'lead-1',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      commandId: randomUUID(),
    },
  };
}
