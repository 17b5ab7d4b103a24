import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@asc/event-store';
import {
  ActionSnapshotProjection,
  PostgresReadModelDatabase,
  type ReadModelDatabase,
  ReadModels,
  SqliteReadModelDatabase,
} from '../src';
import { catchUpTogether } from '../src/catch-up-together';
import {
  createTestDatabase,
  type TestDatabase,
} from '../../../test/support/postgres-test-database';
import {
  alice,
  appendAction,
  appendPlan,
  dueDateSet,
  ownerAssigned,
  planCreated,
  PLAN_ID,
  progress,
  raised,
} from './read-model-fixtures';

const START_MS = Date.parse('2025-04-01T08:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Kept every 10 events, and where the stream rests an hour after at least 3 since. */
const projection = () => new ActionSnapshotProjection(10, undefined, { afterMs: HOUR, every: 3 });

jest.setTimeout(60_000);

let pg: TestDatabase;
let schemas = 0;

beforeAll(async () => {
  pg = await createTestDatabase('rest');
});

afterAll(async () => {
  await pg?.drop();
});

const databases: [string, () => Promise<ReadModelDatabase>][] = [
  ['SQLite', async () => SqliteReadModelDatabase.open({ filename: ':memory:' })],
  [
    'PostgreSQL',
    () =>
      PostgresReadModelDatabase.connect({ connectionString: pg.url, schema: `rest_t${++schemas}` }),
  ],
];

/**
 * Snapshots kept where a stream rests (SnapshotRest): exactly at the last event before a quiet
 * spell, only when enough events came since the last kept one, and the same rows whatever the
 * batches (a rebuild and a live projection must keep the same ones).
 */
describe.each(databases)('snapshots kept where a stream rests (%s)', (_name, openDb) => {
  let store: SqliteEventStore;
  let nowMs: number;
  let actionId: string;

  /** Appends `n` progress reports a minute apart; the next event comes `gapMs` + 1 minute later. */
  async function burst(n: number, gapMs: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      await appendAction(store, actionId, progress(i, 'on-track'));
      nowMs += MINUTE;
    }
    nowMs += gapMs;
  }

  beforeEach(async () => {
    nowMs = START_MS;
    store = SqliteEventStore.open({ filename: ':memory:', clock: () => new Date(nowMs) });
    actionId = randomUUID();
    await appendPlan(store, PLAN_ID, planCreated());
    // Versions 0–2, then a day's rest: only 2 events since version 0 was kept, so not kept.
    await appendAction(store, actionId, raised(actionId), ownerAssigned(alice));
    nowMs += MINUTE;
    await appendAction(store, actionId, dueDateSet('2025-09-30'));
    nowMs += 24 * HOUR;
    await burst(4, 2 * HOUR); // 3–6, a rest: kept at 6 (6 since 0)
    await burst(2, 2 * HOUR); // 7–8, a rest: only 2 since 6, not kept
    await burst(1, 0); // 9: kept by count
    await burst(3, 58 * MINUTE); // 10–12: 59 minutes is no rest
    await burst(2, 3 * HOUR); // 13–14, a rest: kept at 14 (5 since 9)
    await burst(3, 0); // 15–17: the head
  });

  afterEach(async () => {
    await store.close();
  });

  async function keptVersions(page: number): Promise<number[]> {
    const db = await openDb();
    try {
      const readModels = new ReadModels(db, store, { projections: [projection()] });
      await catchUpTogether(store, readModels.runners, page);
      const rows = await db.query<{ version: number }>(
        'SELECT version FROM action_snapshots ORDER BY version',
      );
      return rows.map((r) => Number(r.version));
    } finally {
      await db.close();
    }
  }

  it('given bursts and quiet spells, when projected, then the last event before each spell with enough since the last kept is kept', async () => {
    expect(await keptVersions(5000)).toEqual([0, 6, 9, 14, 17]);
  });

  it.each([1, 2, 3, 7])(
    'given the same log, when projected in pages of %i events, then the same rows are kept',
    async (page) => {
      expect(await keptVersions(page)).toEqual([0, 6, 9, 14, 17]);
    },
  );
});
