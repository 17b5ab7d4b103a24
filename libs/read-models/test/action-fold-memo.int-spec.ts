import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@asc/event-store';
import {
  ActionRegisterProjection,
  ActionSnapshotProjection,
  PlanSummaryProjection,
  ReadModels,
  SqliteReadModelDatabase,
} from '../src';
import { catchUpTogether } from '../src/catch-up-together';
import { ActionFoldMemo } from '../src/projections/action-fold-memo';
import {
  alice,
  appendAction,
  appendPlan,
  bob,
  completed,
  dueDateSet,
  escalated,
  ownerAssigned,
  planCreated,
  PLAN_ID,
  progress,
  raised,
  verified,
} from './read-model-fixtures';

/**
 * The snapshot projection reuses the states the register folded from the same page
 * (ActionFoldMemo): its rows must be those it makes folding alone, however pages and batches
 * fall, and whether the register runs beside it or not.
 */
describe('snapshots from the register’s folded states', () => {
  let store: SqliteEventStore;

  beforeEach(async () => {
    store = SqliteEventStore.open({ filename: ':memory:' });
    await appendPlan(store, PLAN_ID, planCreated());
    for (let i = 0; i < 12; i++) {
      const id = randomUUID();
      await appendAction(store, id, raised(id, { ref: `R${i}` }), ownerAssigned(alice));
      for (let n = 0; n < 6; n++) {
        await appendAction(store, id, progress(n * 10, n % 3 === 2 ? 'off-track' : 'on-track'));
        if (n === 2) await appendAction(store, id, dueDateSet('2025-09-30'));
        if (n === 4 && i % 3 === 0)
          await appendAction(store, id, dueDateSet('2025-12-31', '2025-09-30'));
      }
      if (i % 4 === 0) await appendAction(store, id, escalated('qapi-board', 1));
      if (i % 5 === 0) await appendAction(store, id, ownerAssigned(bob, 'alice'));
      if (i % 2 === 0) await appendAction(store, id, completed(), verified());
    }
  });

  afterEach(async () => {
    await store.close();
  });

  const snapshots = (db: SqliteReadModelDatabase) =>
    db.query('SELECT * FROM action_snapshots ORDER BY action_id, version');

  it.each([1, 7, 50, 5000])(
    'equal to the snapshot projection alone (pages of %i events)',
    async (page) => {
      const alone = SqliteReadModelDatabase.open({ filename: ':memory:' });
      const shared = SqliteReadModelDatabase.open({ filename: ':memory:' });
      try {
        const solo = new ReadModels(alone, store, {
          projections: [new ActionSnapshotProjection(3)],
        });
        await solo.catchUp();
        // Every projection, the register first, so that the snapshots take its states.
        const memo = new ActionFoldMemo();
        let hits = 0;
        const get = memo.get.bind(memo);
        memo.get = (event) => {
          const state = get(event);
          if (state) hits++;
          return state;
        };
        const all = new ReadModels(shared, store, {
          projections: [
            new ActionRegisterProjection(memo),
            new PlanSummaryProjection(),
            new ActionSnapshotProjection(3, memo),
          ],
        });
        await catchUpTogether(store, all.runners, page);
        expect(hits).toBeGreaterThan(0);
        const expected = await snapshots(alone);
        expect(expected.length).toBeGreaterThan(12 * 3);
        expect(await snapshots(shared)).toEqual(expected);
      } finally {
        await alone.close();
        await shared.close();
      }
    },
  );
});
