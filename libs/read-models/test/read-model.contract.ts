import { randomUUID } from 'node:crypto';
import { type EventStore, type StoredEvent } from '@asc/event-store';
import {
  ActionRegisterProjection,
  CheckpointMovedError,
  type Projection,
  ProjectionRetiredError,
  ProjectionRunner,
  PROJECTIONS,
  type ReadModelDatabase,
  ReadModels,
  type ReadModelTransaction,
} from '../src';
import {
  alice,
  appendAction,
  appendPlan,
  bob,
  completed,
  decided,
  dueDateSet,
  escalated,
  OTHER_PLAN_ID,
  ownerAssigned,
  PLAN_ID,
  planCreated,
  progress,
  raised,
  scored,
} from './read-model-fixtures';

export interface ReadModelHarness {
  db: ReadModelDatabase;
  store: EventStore;
  /** Opens the same read-model database again (another process). */
  reopen(): Promise<ReadModelDatabase>;
  cleanup(): Promise<void>;
}

const quiet = { warn: () => undefined, error: () => undefined };
const FAST = { idleWaitMs: 50, retryMinMs: 10, retryMaxMs: 50, logger: quiet };

/** The behaviour every read-model database must show (SQLite and PostgreSQL). */
export function describeReadModelContract(name: string, create: () => Promise<ReadModelHarness>) {
  describe(`${name} read models`, () => {
    let h: ReadModelHarness;
    let readModels: ReadModels;

    beforeEach(async () => {
      h = await create();
      readModels = new ReadModels(h.db, h.store, FAST);
    });

    afterEach(async () => {
      await readModels.stop();
      await h.cleanup();
    });

    const dump = async () => ({
      actions: await h.db.query('SELECT * FROM action_register ORDER BY action_id'),
      plans: await h.db.query('SELECT * FROM plan_summary ORDER BY plan_id'),
    });
    const checkpoint = async (projection: string) =>
      Number(
        (
          await h.db.query<{ position: number }>(
            'SELECT position FROM checkpoints WHERE name = ?',
            [projection],
          )
        )[0]?.position ?? -1,
      );

    it('follows the log and lets a reader wait for its own write (minPosition)', async () => {
      readModels.start();
      const id = randomUUID();
      const position = await appendAction(
        h.store,
        id,
        raised(id),
        ownerAssigned(alice),
        dueDateSet('2025-06-30'),
      );
      expect(await readModels.waitForPosition(position, 2000)).toBe(true);
      expect(readModels.position()).toBeGreaterThanOrEqual(position);
      const page = await readModels.actions.list({}, {}, new Date('2025-06-01T12:00:00Z'));
      expect(page.items).toEqual([
        expect.objectContaining({ actionId: id, status: 'open', owner: alice, version: 2 }),
      ]);
      expect(await checkpoint(PROJECTIONS.actionRegister)).toBe(position);
      // A position nobody has written yet: false after the timeout, not an error.
      const started = Date.now();
      expect(await readModels.waitForPosition(position + 100, 150)).toBe(false);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('a failing batch leaves neither rows nor checkpoint; the retry applies it once', async () => {
      const id = randomUUID();
      await appendAction(
        h.store,
        id,
        raised(id),
        ownerAssigned(alice),
        dueDateSet('2025-04-30'),
        dueDateSet('2025-05-31', '2025-04-30'),
      );
      const events = await h.store.readAll();
      const failOn = events[2].eventId;
      let attempts = 0;
      const inner = new ActionRegisterProjection();
      const flaky: Projection = {
        name: inner.name,
        version: inner.version,
        tables: inner.tables,
        reset: (tx) => inner.reset(tx),
        async apply(tx, event: StoredEvent) {
          await inner.apply(tx, event);
          if (event.eventId === failOn && attempts++ === 0) throw new Error('disk on fire');
        },
      };
      const runner = new ProjectionRunner(h.db, h.store, flaky, FAST);
      await runner.loadCheckpoint();
      await expect(runner.handle(events)).rejects.toThrow('disk on fire');
      expect((await dump()).actions).toEqual([]);
      expect(await checkpoint(inner.name)).toBe(0);
      expect(runner.position).toBe(0);

      // The subscription retries the same batch from the stored checkpoint: applied exactly once.
      attempts = 0;
      runner.start();
      expect(await runner.waitFor(events.at(-1)!.position, 5000)).toBe(true);
      await runner.stop();
      expect(attempts).toBe(2);
      const [row] = (await dump()).actions as Record<string, unknown>[];
      expect(row).toMatchObject({ due_date: '2025-05-31', version: 3 });
      expect(Number(row.due_date_change_count)).toBe(1);
      expect(Number(row.total_days_moved)).toBe(31);
      expect(await checkpoint(inner.name)).toBe(events.at(-1)!.position);
    });

    it('a runner whose checkpoint another runner moved does not apply the batch again', async () => {
      const id = randomUUID();
      await appendAction(h.store, id, raised(id), ownerAssigned(alice));
      const events = await h.store.readAll();
      const other = await h.reopen();
      try {
        const a = new ProjectionRunner(h.db, h.store, new ActionRegisterProjection());
        const b = new ProjectionRunner(other, h.store, new ActionRegisterProjection());
        await a.loadCheckpoint();
        await b.loadCheckpoint();
        await a.handle(events);
        await expect(b.handle(events)).rejects.toBeInstanceOf(CheckpointMovedError);
        expect(b.position).toBe(0);
        // After reloading, it carries on from where the other left off.
        expect(await b.loadCheckpoint()).toBe(events.at(-1)!.position);
        expect(await checkpoint(PROJECTIONS.actionRegister)).toBe(events.at(-1)!.position);
      } finally {
        await other.close();
      }
    });

    it('a rebuild from the log gives identical rows, twice', async () => {
      await appendPlan(h.store, PLAN_ID, planCreated(), scored('QS1', 2, '2025-01-10'));
      for (let i = 0; i < 12; i++) {
        const id = randomUUID();
        await appendAction(
          h.store,
          id,
          raised(id, { ref: `R${String(i).padStart(2, '0')}` }),
          ownerAssigned(i % 2 ? alice : bob),
          dueDateSet('2025-05-01'),
        );
        if (i % 3 === 0) await appendAction(h.store, id, dueDateSet('2025-06-15', '2025-05-01'));
        if (i % 4 === 0)
          await appendAction(h.store, id, escalated('clinic', 1), progress(20, 'off-track'));
        if (i % 5 === 0) await appendAction(h.store, id, decided('clinic'), completed());
      }
      await appendPlan(h.store, PLAN_ID, scored('QS1', 3, '2025-02-10'));
      await readModels.catchUp();
      const first = await dump();
      expect(first.actions).toHaveLength(12);
      expect(first.plans).toHaveLength(1);
      await readModels.rebuild();
      expect(await dump()).toEqual(first);
      await readModels.rebuild();
      expect(await dump()).toEqual(first);
      expect(await checkpoint(PROJECTIONS.actionRegister)).toBe(await h.store.headPosition());
    });

    describe('time: overdue from the next Europe/London midnight', () => {
      // 2025: BST starts Sunday 30 March 01:00 UTC and ends Sunday 26 October 01:00 UTC.
      it.each([
        ['the day before BST starts (midnight is 00:00 UTC)', '2025-03-29', '2025-03-30T00:00:00Z'],
        ['the day BST starts (midnight is 23:00 UTC)', '2025-03-30', '2025-03-30T23:00:00Z'],
        ['the day before BST ends (midnight is 23:00 UTC)', '2025-10-25', '2025-10-25T23:00:00Z'],
        ['the day BST ends (midnight is 00:00 UTC)', '2025-10-26', '2025-10-27T00:00:00Z'],
      ])('due on %s', async (_label, dueDate, midnight) => {
        const id = randomUUID();
        await appendAction(h.store, id, raised(id), ownerAssigned(alice), dueDateSet(dueDate));
        await readModels.catchUp();
        const at = (ms: number) => new Date(Date.parse(midnight) + ms);
        const before = await readModels.actions.list({ overdue: true }, {}, at(-1));
        expect(before.total).toBe(0);
        const notOverdue = await readModels.actions.list({ overdue: false }, {}, at(-1));
        expect(notOverdue.items[0]).toMatchObject({
          deliveryStatus: 'not started',
          daysOverdue: 0,
        });
        const after = await readModels.actions.list({ overdue: true }, {}, at(0));
        expect(after.items).toEqual([
          expect.objectContaining({ actionId: id, deliveryStatus: 'overdue', daysOverdue: 1 }),
        ]);
        const status = await readModels.actions.list({ status: ['overdue'] }, {}, at(0));
        expect(status.total).toBe(1);
        // 36 hours on is the day after, whether the day in between had 23, 24 or 25 hours.
        const dayLater = await readModels.actions.overdue({}, at(36 * 3_600_000));
        expect(dayLater[0].daysOverdue).toBe(2);
      });
    });

    describe('filters and paging', () => {
      const now = new Date('2025-06-15T12:00:00Z');
      const ids: string[] = [];

      beforeEach(async () => {
        ids.length = 0;
        await appendPlan(h.store, PLAN_ID, planCreated());
        await appendPlan(h.store, OTHER_PLAN_ID, planCreated(OTHER_PLAN_ID, 'Other'));
        for (let i = 0; i < 25; i++) {
          const id = randomUUID();
          ids.push(id);
          const qs = i % 3 === 0 ? 'QS1' : 'QS7';
          const plan = i < 20 ? PLAN_ID : OTHER_PLAN_ID;
          const events = [
            raised(id, {
              ref: `A-${String(i).padStart(2, '0')}`,
              qualityStatement: qs,
              planId: plan,
            }),
            ownerAssigned(i % 2 ? alice : bob),
            // Two due dates per date, so that ref breaks the tie; every fifth has none.
            ...(i % 5 === 4
              ? []
              : [dueDateSet(`2025-06-${String(28 - Math.floor(i / 2)).padStart(2, '0')}`)]),
            ...(i % 7 === 0 ? [escalated('qapib', 2)] : []),
          ];
          await appendAction(h.store, id, ...(events as Parameters<typeof appendAction>[2][]));
        }
        await readModels.catchUp();
      });

      it('pages through everything once, by due date then ref, undated last', async () => {
        const all = await readModels.actions.list({}, { pageSize: 200 }, now);
        expect(all.total).toBe(25);
        const seen: string[] = [];
        for (let page = 1; page <= 3; page++) {
          const p = await readModels.actions.list({}, { page, pageSize: 10 }, now);
          expect(p).toMatchObject({ page, pageSize: 10, total: 25 });
          seen.push(...p.items.map((i) => i.actionId));
        }
        expect(seen).toEqual(all.items.map((i) => i.actionId));
        expect(new Set(seen).size).toBe(25);
        const keys = all.items.map((i) => `${i.dueDate ?? '9999-99-99'} ${i.ref}`);
        expect(keys).toEqual([...keys].sort());
        expect(all.items.slice(-5).every((i) => i.dueDate === null)).toBe(true);
        expect((await readModels.actions.list({}, { page: 4, pageSize: 10 }, now)).items).toEqual(
          [],
        );
      });

      it('filters by plan, quality statement, owner, escalation, combined', async () => {
        const count = async (filter: Parameters<ReadModels['actions']['list']>[0]) =>
          (await readModels.actions.list(filter, {}, now)).total;
        expect(await count({ planId: PLAN_ID })).toBe(20);
        expect(await count({ planId: OTHER_PLAN_ID })).toBe(5);
        expect(await count({ qualityStatement: 'QS1' })).toBe(9);
        expect(await count({ owner: 'alice' })).toBe(12);
        expect(await count({ owner: 'bob@medway.gov.uk' })).toBe(13);
        expect(await count({ escalatedTo: 'qapib' })).toBe(4);
        expect(await count({ escalatedTo: 'qapib', awaitingDecision: true })).toBe(4);
        expect(await count({ planId: PLAN_ID, qualityStatement: 'QS1', owner: 'bob' })).toBe(4);
        expect(await count({ planId: randomUUID() })).toBe(0);
        const awaiting = await readModels.actions.awaitingDecision({ planId: PLAN_ID }, now);
        expect(awaiting.map((b) => [b.boardId, b.actions.length])).toEqual([['qapib', 3]]);
      });
    });

    it('a new projection version is built beside the old one, which serves until it takes over', async () => {
      /** Version 2 of the register: the same rows with titles in capitals. */
      class ShoutingRegister extends ActionRegisterProjection {
        override readonly version = 2;
        override async applyBatch(tx: ReadModelTransaction, events: readonly StoredEvent[]) {
          await super.applyBatch(tx, events);
          await tx.run(`UPDATE ${this.table} SET title = upper(title)`);
        }
      }
      const now = new Date('2025-06-01T12:00:00Z');
      await appendPlan(h.store, PLAN_ID, planCreated());
      for (let i = 0; i < 6; i++) {
        const id = randomUUID();
        await appendAction(h.store, id, raised(id, { ref: `R${i}` }), ownerAssigned(alice));
      }
      await readModels.catchUp();
      const v1 = await readModels.actions.list({}, {}, now);
      expect(v1.total).toBe(6);

      // Version 2 starts: queries keep reading version 1, at its position.
      const options = { ...FAST, switchLagEvents: 0 };
      const building = new ProjectionRunner(h.db, h.store, new ShoutingRegister(), options);
      expect(await building.loadCheckpoint()).toBe(0);
      expect(building.serving).toBe(false);
      expect(building.position).toBe(readModels.runner(PROJECTIONS.actionRegister).position);
      const log = await h.store.readAll();
      await building.handle(log.slice(0, 5));
      expect(building.ownPosition).toBe(log[4].position);
      expect(building.serving).toBe(false);
      expect(await readModels.actions.list({}, {}, now)).toEqual(v1);

      // Version 1 still follows the log (a process not yet upgraded) and keeps serving it.
      readModels.start();
      const late = randomUUID();
      const head = await appendAction(h.store, late, raised(late, { ref: 'R9', title: 'Late' }));
      expect(await readModels.waitForPosition(head, 5000)).toBe(true);
      const served = await readModels.actions.list({}, {}, now);
      expect(served.total).toBe(7);
      expect(served.items.map((i) => i.title)).toContain('Late');
      await readModels.stop();

      // A crash mid-build: another process resumes version 2 from its own checkpoint.
      const other = await h.reopen();
      try {
        const resumed = new ProjectionRunner(other, h.store, new ShoutingRegister(), options);
        expect(await resumed.loadCheckpoint()).toBe(log[4].position);
        expect(resumed.position).toBe(head);
        await resumed.catchUp();
        expect(resumed.serving).toBe(true);
        expect(resumed.position).toBe(head);
      } finally {
        await other.close();
      }
      const after = await readModels.actions.list({}, {}, now);
      expect(after.total).toBe(7);
      expect(after.items.map((i) => i.title)).toContain('LATE');
      expect(after.items.every((i) => i.title === i.title.toUpperCase())).toBe(true);
      // The old version's tables and checkpoint are gone; the pointer names version 2.
      // By message: better-sqlite3 binds its error class once per process, so in a jest worker
      // that ran another SQLite suite first the error is not an Error of this test's realm.
      await expect(h.db.query('SELECT * FROM action_register_v1')).rejects.toMatchObject({
        message: expect.stringMatching(/no such table|does not exist/),
      });
      expect(
        await h.db.query<{ version: number }>('SELECT version FROM checkpoints WHERE name = ?', [
          PROJECTIONS.actionRegister,
        ]),
      ).toEqual([{ version: 2 }]);
      expect(
        await h.db.query<{ version: number }>(
          'SELECT version FROM projection_versions WHERE name = ?',
          [PROJECTIONS.actionRegister],
        ),
      ).toEqual([{ version: 2 }]);
      // A process still on version 1 stands down instead of writing.
      const stale = new ProjectionRunner(h.db, h.store, new ActionRegisterProjection());
      await expect(stale.loadCheckpoint()).rejects.toBeInstanceOf(ProjectionRetiredError);
    }, 30_000);

    it('opening the database again keeps its schema and rows', async () => {
      const id = randomUUID();
      await appendAction(h.store, id, raised(id));
      await readModels.catchUp();
      const again = await h.reopen();
      try {
        expect(await again.query('SELECT action_id FROM action_register')).toEqual([
          { action_id: id },
        ]);
      } finally {
        await again.close();
      }
    });
  });
}
