import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTION, AggregateRepository } from '@asc/commands';
import { actionStreamName, type ActionState } from '@asc/domain';
import { type NewEvent, SqliteEventStore } from '@asc/event-store';
import { ReadModels, SqliteReadModelDatabase } from '@asc/read-models';
import {
  bumpProgressReportedToV2,
  progressReportedV1,
} from '../libs/domain/test/upcaster-fixtures';

/**
 * An event stored in an old shape is read in the current one by every reader: the write side's
 * fold, the projections and the as-of replay (ADR 9). The old shape is the test-only
 * ProgressReported v1 (`percent`), current while this file runs is v2.
 */
describe('upcasting on read', () => {
  let undo: () => void;
  let dir: string;
  let store: SqliteEventStore;
  let db: SqliteReadModelDatabase;
  const actionId = randomUUID();
  const planId = randomUUID();

  const newEvent = (type: string, schemaVersion: number, data: object): NewEvent => ({
    eventId: randomUUID(),
    type,
    schemaVersion,
    data: data as Record<string, unknown>,
    metadata: {
      actor: 'lead-1',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      commandId: randomUUID(),
    },
  });

  beforeAll(async () => {
    undo = bumpProgressReportedToV2();
    dir = mkdtempSync(join(tmpdir(), 'upcasting-'));
    // A clock that moves a second per append: the as-of moment below must fall between appends.
    let tick = Date.parse('2026-01-05T09:00:00Z');
    store = SqliteEventStore.open({
      filename: join(dir, 'events.sqlite'),
      clock: () => new Date((tick += 1000)),
    });
    db = SqliteReadModelDatabase.open({ filename: join(dir, 'read-models.sqlite') });
    // Straight into the store, as an older release would have written them.
    await store.appendToStream(
      actionStreamName(actionId),
      [
        newEvent('ActionRaised', 1, {
          actionId,
          planId,
          ref: 'QS1-1',
          title: 'Clear the assessment waiting list',
          description: null,
          qualityStatement: 'QS1',
          priority: 'high',
          source: { kind: 'manual', reference: null },
        }),
        newEvent('OwnerAssigned', 1, {
          owner: { id: 'sam', name: 'Sam Manager', email: 'sam@medway.example' },
          previousOwnerId: null,
        }),
        newEvent('DueDateSet', 1, { dueDate: '2026-03-31', previousDueDate: null, reason: null }),
        newEvent('ProgressReported', 1, progressReportedV1(40)),
      ],
      { expectedVersion: 'no_stream' },
    );
  });
  afterAll(async () => {
    undo();
    await db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is stored as written: the old shape, version 1', async () => {
    const stored = (await store.readStream(actionStreamName(actionId)))[3];
    expect(stored).toMatchObject({ schemaVersion: 1, data: { percent: 40 } });
  });

  it('the repository folds it in the new shape, and writes new events as v2', async () => {
    const repository = new AggregateRepository(store);
    const loaded = await repository.load(ACTION, actionId);
    expect(loaded.events[3]).toMatchObject({
      schemaVersion: 2,
      data: { percentComplete: 40, confidence: 'on-track' },
    });
    const { state } = await repository.current(ACTION, actionId);
    expect(state).toMatchObject({ percentComplete: 40, confidence: 'on-track' });

    await repository.execute(
      ACTION,
      actionId,
      {
        type: 'ReportProgress',
        actionId,
        now: new Date().toISOString(),
        actor: 'lead-1',
        percentComplete: 60,
        confidence: 'at-risk',
        note: 'two offers accepted',
      },
      { actor: 'lead-1', commandId: randomUUID(), correlationId: randomUUID() },
    );
    const written = (await store.readStream(actionStreamName(actionId)))[4];
    expect(written).toMatchObject({ schemaVersion: 2, data: { percentComplete: 60 } });
  });

  it('the projections and the as-of replay read it in the new shape', async () => {
    const readModels = new ReadModels(db, store);
    await readModels.catchUp();
    const asOfFirst = (await store.readStream(actionStreamName(actionId)))[3].recordedAt;
    const { fold } = await readModels.asOf.action(actionId, asOfFirst);
    expect(fold.state).toMatchObject({ percentComplete: 40, confidence: 'on-track' });
    const snapshots = await db.query<{ version: number; fold: string }>(
      'SELECT version, fold FROM action_snapshots ORDER BY version',
    );
    const states = snapshots.map((s) => (JSON.parse(s.fold) as { state: ActionState }).state);
    expect(states.at(-1)).toMatchObject({ percentComplete: 60, progressReportCount: 2 });
    const { items } = await readModels.actions.list({ planId }, {}, new Date());
    expect(items).toEqual([expect.objectContaining({ actionId, percentComplete: 60 })]);
    const [report] = await readModels.asOf.planActions(planId, new Date().toISOString());
    expect(report.base?.state).toMatchObject({ percentComplete: 60 });
  });
});
