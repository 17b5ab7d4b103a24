import { randomUUID } from 'node:crypto';
import { type EventStore, type StoredEvent } from '@asc/event-store';
import {
  ActionRegisterProjection,
  ActionRegisterQuery,
  type ActionRegisterRow,
  parseRegisterStatus,
  PlanSummaryProjection,
  PlanSummaryQuery,
  ProjectionRunner,
  REGISTER_STATUSES,
  type RegisterStatus,
  SqliteReadModelDatabase,
} from '../src';
import {
  alice,
  bob,
  cancelled,
  completed,
  decided,
  dueDateSet,
  escalated,
  FakeLog,
  ownerAssigned,
  PLAN_ID,
  planCreated,
  progress,
  raised,
  scored,
  verified,
} from './read-model-fixtures';

const NOW = new Date('2025-06-15T10:00:00Z');

describe('read-model projections (given events → rows)', () => {
  let db: SqliteReadModelDatabase;
  let log: FakeLog;
  let actions: ProjectionRunner;
  let plans: ProjectionRunner;
  // Events are handed to the runners; the store is asked only where its log ends (still empty).
  const store = { headPosition: () => Promise.resolve(0) } as Partial<EventStore> as EventStore;

  beforeEach(async () => {
    db = SqliteReadModelDatabase.open({ filename: ':memory:' });
    log = new FakeLog();
    actions = new ProjectionRunner(db, store, new ActionRegisterProjection());
    plans = new ProjectionRunner(db, store, new PlanSummaryProjection());
    await actions.loadCheckpoint();
    await plans.loadCheckpoint();
  });

  afterEach(() => db.close());

  async function project(events: StoredEvent[]): Promise<void> {
    await actions.handle(events);
    await plans.handle(events);
  }

  async function row(actionId: string): Promise<ActionRegisterRow | undefined> {
    const [r] = await db.query<ActionRegisterRow>(
      'SELECT * FROM action_register WHERE action_id = ?',
      [actionId],
    );
    return r;
  }

  const list = (filter = {}, paging = {}, now = NOW) =>
    new ActionRegisterQuery(db).list(filter, paging, now);

  it('ActionRaised makes a row: raised, no owner, no date', async () => {
    const id = randomUUID();
    log.recordedAt = '2025-03-01T08:00:00.000Z';
    await project(log.action(id, raised(id, { ref: 'QS7-01', priority: 'high' })));
    expect(await row(id)).toMatchObject({
      action_id: id,
      plan_id: PLAN_ID,
      ref: 'QS7-01',
      quality_statement: 'QS7',
      priority: 'high',
      status: 'raised',
      owner_id: null,
      due_date: null,
      percent_complete: 0,
      escalation_level: 0,
      awaiting_board_decision: 0,
      due_date_change_count: 0,
      total_days_moved: 0,
      raised_at: '2025-03-01T08:00:00.000Z',
      updated_at: '2025-03-01T08:00:00.000Z',
      version: 0,
      position: 1,
    });
  });

  it('an owner and a due date open the action; progress sets percent and confidence', async () => {
    const id = randomUUID();
    log.recordedAt = '2025-03-01T08:00:00.000Z';
    await project(log.action(id, raised(id)));
    log.recordedAt = '2025-03-02T08:00:00.000Z';
    await project(
      log.action(id, ownerAssigned(alice), dueDateSet('2025-06-30'), progress(40, 'at-risk')),
    );
    const r = await row(id);
    expect(r).toMatchObject({
      status: 'open',
      owner_id: 'alice',
      owner_name: 'Alice Smith',
      owner_email: 'Alice@Medway.gov.uk',
      owner_email_lower: 'alice@medway.gov.uk',
      due_date: '2025-06-30',
      percent_complete: 40,
      confidence: 'at-risk',
      raised_at: '2025-03-01T08:00:00.000Z',
      updated_at: '2025-03-02T08:00:00.000Z',
      version: 3,
    });
    expect(JSON.parse(r!.state)).toMatchObject({ status: 'open', percentComplete: 40 });
  });

  it('drift: every re-plan counts, and the days moved add up whichever way', async () => {
    const id = randomUUID();
    await project(
      log.action(
        id,
        raised(id),
        ownerAssigned(alice),
        dueDateSet('2025-04-30'),
        dueDateSet('2025-05-31', '2025-04-30'),
        dueDateSet('2025-05-21', '2025-05-31'),
      ),
    );
    expect(await row(id)).toMatchObject({
      due_date: '2025-05-21',
      due_date_change_count: 2,
      total_days_moved: 41,
    });
    const drift = await new ActionRegisterQuery(db).drift({}, NOW);
    expect(drift).toEqual([
      expect.objectContaining({
        actionId: id,
        dueDateChangeCount: 2,
        totalDaysMoved: 41,
        netDaysMoved: 21,
        originalDueDate: '2025-04-30',
      }),
    ]);
  });

  it('escalation awaits the board until that board decides', async () => {
    const id = randomUUID();
    await project(log.action(id, raised(id), escalated('qapib', 2)));
    expect(await row(id)).toMatchObject({
      escalation_level: 2,
      escalated_to_board_id: 'qapib',
      awaiting_board_decision: 1,
    });
    const q = new ActionRegisterQuery(db);
    expect(await q.awaitingDecision({}, NOW)).toEqual([
      { boardId: 'qapib', actions: [expect.objectContaining({ actionId: id })] },
    ]);
    await project(log.action(id, decided('another-board')));
    expect((await row(id))!.awaiting_board_decision).toBe(1);
    await project(log.action(id, decided('qapib')));
    expect((await row(id))!.awaiting_board_decision).toBe(0);
    expect(await q.awaitingDecision({ boardId: 'qapib' }, NOW)).toEqual([]);
  });

  it('completion, verification and cancellation move the lifecycle status', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await project([
      ...log.action(a, raised(a), ownerAssigned(alice), dueDateSet('2025-06-30'), completed()),
      ...log.action(b, raised(b), cancelled()),
    ]);
    expect((await row(a))!.status).toBe('completed');
    expect((await row(b))!.status).toBe('cancelled');
    await project(log.action(a, verified()));
    expect((await row(a))!.status).toBe('closed');
  });

  it('an event delivered again is not applied twice', async () => {
    const id = randomUUID();
    const events = log.action(
      id,
      raised(id),
      ownerAssigned(alice),
      dueDateSet('2025-04-30'),
      dueDateSet('2025-05-31', '2025-04-30'),
    );
    await project(events);
    const before = await row(id);
    // As if a batch were redelivered after its rows committed (the projection's own guard).
    await db.transaction(async (tx) => {
      for (const e of events) await actions.projection.apply(tx, e);
    });
    expect(await row(id)).toEqual(before);
  });

  it('a batch gives the same rows as its events one by one', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const events = [
      ...log.action(a, raised(a, { ref: 'A1' }), ownerAssigned(alice)),
      ...log.action(b, raised(b, { ref: 'B1' }), escalated('clinic', 1)),
      ...log.action(a, dueDateSet('2025-04-30'), dueDateSet('2025-05-31', '2025-04-30')),
      ...log.action(b, decided('clinic'), cancelled()),
    ];
    await actions.handle(events);
    const batched = await db.query('SELECT * FROM action_register ORDER BY ref');
    const single = SqliteReadModelDatabase.open({ filename: ':memory:' });
    try {
      const projection = new ActionRegisterProjection();
      for (const e of events) await single.transaction((tx) => projection.apply(tx, e));
      expect(await single.query('SELECT * FROM action_register ORDER BY ref')).toEqual(batched);
    } finally {
      await single.close();
    }
  });

  it('events of other streams and unknown types are ignored', async () => {
    const id = randomUUID();
    await project([
      ...log.append('something-else', { type: 'ActionRaised', data: raised(id).data }),
      ...log.append(`action-${id}`, { type: 'SomethingNew', data: {} }),
    ]);
    expect(await row(id)).toBeUndefined();
    expect(actions.position).toBe(2);
  });

  it('moves the checkpoint with each batch', async () => {
    const id = randomUUID();
    await project(log.action(id, raised(id), ownerAssigned(bob)));
    const checkpoints = await db.query(
      'SELECT name, position, version FROM checkpoints ORDER BY name',
    );
    expect(checkpoints).toEqual([
      { name: 'action-register', position: 2, version: 1 },
      { name: 'plan-summary', position: 2, version: 1 },
    ]);
  });

  it('plan summary: latest scores, overall percentage and rating', async () => {
    await project(
      log.plan(
        PLAN_ID,
        planCreated(),
        scored('QS1', 2, '2024-01-10'),
        scored('QS1', 3, '2025-01-10'),
        ...['QS2', 'QS3', 'QS4', 'QS5', 'QS6', 'QS7', 'QS8', 'QS9'].map((qs) =>
          scored(qs, 3, '2025-01-10'),
        ),
      ),
    );
    const summary = await new PlanSummaryQuery(db).get(PLAN_ID);
    expect(summary).toMatchObject({
      planId: PLAN_ID,
      authority: 'Medway Council',
      title: 'ASC improvement plan',
      version: 10,
      overall: expect.objectContaining({ percentage: 75, rating: 'Good' }),
    });
    expect(summary!.latestScores.QS1).toMatchObject({ score: 3, assessedAt: '2025-01-10' });
    expect(summary!.boards).toHaveLength(3);
    expect(await new PlanSummaryQuery(db).get(randomUUID())).toBeUndefined();
  });

  it('a new projection version is built beside the serving one and takes over once caught up', async () => {
    const id = randomUUID();
    await project(log.action(id, raised(id)));
    class Newer extends ActionRegisterProjection {
      override readonly version = 2;
    }
    const newer = new ProjectionRunner(db, store, new Newer(), { switchLagEvents: 0 });
    (store as { headPosition?: () => Promise<number> }).headPosition = async () =>
      log.events.length;
    expect(await newer.loadCheckpoint()).toBe(0);
    expect(newer.serving).toBe(false);
    // Queries still read version 1, at its position.
    expect(newer.position).toBe(1);
    expect(await row(id)).toMatchObject({ action_id: id, version: 0 });
    await newer.handle(log.events);
    expect(newer.serving).toBe(true);
    expect(await row(id)).toMatchObject({ action_id: id, version: 0 });
    expect(
      await db.query('SELECT name, version FROM checkpoints WHERE name = ?', [newer.name]),
    ).toEqual([{ name: 'action-register', version: 2 }]);
  });

  describe('delivery status and days overdue are computed at query time', () => {
    it('the same row is on time one day and overdue the next', async () => {
      const id = randomUUID();
      await project(log.action(id, raised(id), ownerAssigned(alice), dueDateSet('2025-06-30')));
      const on30th = await list({}, {}, new Date('2025-06-30T22:59:59Z'));
      expect(on30th.items[0]).toMatchObject({ deliveryStatus: 'not started', daysOverdue: 0 });
      const on1st = await list({}, {}, new Date('2025-06-30T23:00:00Z'));
      expect(on1st.items[0]).toMatchObject({ deliveryStatus: 'overdue', daysOverdue: 1 });
      const later = await list({}, {}, new Date('2025-07-15T12:00:00Z'));
      expect(later.items[0]).toMatchObject({ deliveryStatus: 'overdue', daysOverdue: 15 });
    });

    it('every status filter picks exactly the actions with that status', async () => {
      const ids = Array.from({ length: 11 }, () => randomUUID());
      const [
        notStarted,
        raisedOnly,
        onTrack,
        atRisk,
        offTrack,
        overdue,
        overdueRaised,
        done,
        closed,
        gone,
        noDate,
      ] = ids;
      await project([
        ...log.action(
          notStarted,
          raised(notStarted, { ref: 'A01' }),
          ownerAssigned(alice),
          dueDateSet('2025-07-31'),
        ),
        ...log.action(raisedOnly, raised(raisedOnly, { ref: 'A02' }), dueDateSet('2025-07-31')),
        ...log.action(
          onTrack,
          raised(onTrack, { ref: 'A03' }),
          ownerAssigned(alice),
          dueDateSet('2025-07-31'),
          progress(10, 'on-track'),
        ),
        ...log.action(
          atRisk,
          raised(atRisk, { ref: 'A04' }),
          ownerAssigned(bob),
          dueDateSet('2025-07-31'),
          progress(10, 'at-risk'),
        ),
        ...log.action(
          offTrack,
          raised(offTrack, { ref: 'A05' }),
          ownerAssigned(bob),
          dueDateSet('2025-07-31'),
          progress(10, 'off-track'),
        ),
        ...log.action(
          overdue,
          raised(overdue, { ref: 'A06' }),
          ownerAssigned(bob),
          dueDateSet('2025-06-01'),
          progress(10, 'on-track'),
        ),
        ...log.action(
          overdueRaised,
          raised(overdueRaised, { ref: 'A07' }),
          dueDateSet('2025-06-01'),
        ),
        ...log.action(
          done,
          raised(done, { ref: 'A08' }),
          ownerAssigned(bob),
          dueDateSet('2025-06-01'),
          completed(),
        ),
        ...log.action(
          closed,
          raised(closed, { ref: 'A09' }),
          ownerAssigned(bob),
          dueDateSet('2025-06-01'),
          completed(),
          verified(),
        ),
        ...log.action(gone, raised(gone, { ref: 'A10' }), cancelled()),
        ...log.action(noDate, raised(noDate, { ref: 'A11' }), ownerAssigned(alice)),
      ]);
      const all = await list();
      expect(all.total).toBe(11);
      for (const status of REGISTER_STATUSES) {
        const page = await list({ status: [status] });
        const expected = all.items.filter((i) =>
          status === 'raised' || status === 'open'
            ? i.status === status
            : i.deliveryStatus === status,
        );
        expect({ status, ids: page.items.map((i) => i.actionId) }).toEqual({
          status,
          ids: expected.map((i) => i.actionId),
        });
      }
      const byStatus = Object.fromEntries(all.items.map((i) => [i.ref, i.deliveryStatus]));
      expect(byStatus).toEqual({
        A01: 'not started',
        A02: 'not started',
        A03: 'on track',
        A04: 'at risk',
        A05: 'off track',
        A06: 'overdue',
        A07: 'overdue',
        A08: 'completed',
        A09: 'closed',
        A10: 'cancelled',
        A11: 'not started',
      });
      const overdueOnly = await list({ overdue: true });
      expect(overdueOnly.items.map((i) => i.ref)).toEqual(['A06', 'A07']);
      expect((await list({ overdue: false })).total).toBe(9);
      expect((await list({ status: ['overdue', 'at risk'] })).items.map((i) => i.ref)).toEqual([
        'A06',
        'A07',
        'A04',
      ]);
      const register = await new ActionRegisterQuery(db).overdue({}, NOW);
      expect(register.map((i) => [i.ref, i.daysOverdue])).toEqual([
        ['A06', 14],
        ['A07', 14],
      ]);
    });
  });

  it('owner filter takes the subject id or the email, whatever its case', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await project([
      ...log.action(a, raised(a, { ref: 'A1' }), ownerAssigned(alice)),
      ...log.action(b, raised(b, { ref: 'B1' }), ownerAssigned(bob)),
    ]);
    expect((await list({ owner: 'alice' })).items.map((i) => i.ref)).toEqual(['A1']);
    expect((await list({ owner: 'ALICE@medway.gov.uk' })).items.map((i) => i.ref)).toEqual(['A1']);
    expect((await list({ owner: 'nobody' })).total).toBe(0);
  });
});

describe('parseRegisterStatus', () => {
  it.each<[string, RegisterStatus | undefined]>([
    ['overdue', 'overdue'],
    ['on track', 'on track'],
    ['on-track', 'on track'],
    ['ON_TRACK', 'on track'],
    ['Not-Started', 'not started'],
    ['open', 'open'],
    ['raised', 'raised'],
    ['late', undefined],
    ['', undefined],
  ])('%j → %j', (input, expected) => {
    expect(parseRegisterStatus(input)).toBe(expected);
  });
});
