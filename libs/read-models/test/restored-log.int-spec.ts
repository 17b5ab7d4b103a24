import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type EventStore, SqliteEventStore } from '@asc/event-store';
import { ReadModels, SQLITE_READ_MODELS_FILE, SqliteReadModelDatabase } from '../src';
import {
  alice,
  appendAction,
  appendPlan,
  ownerAssigned,
  planCreated,
  PLAN_ID,
  raised,
} from './read-model-fixtures';

/**
 * The event log restored from last night's backup while the read models stay as they were: their
 * checkpoints are beyond the log's end, and the events appended from then on take positions they
 * have already passed. Kept as they were, they would skip those events and go on listing actions
 * the restored log no longer holds.
 */
describe('read models ahead of a restored event log', () => {
  let dir: string;
  const events = () => join(dir, 'events.sqlite');
  const backup = () => join(dir, 'backup.sqlite');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rm-restored-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function withReadModels<T>(
    work: (models: ReadModels, store: SqliteEventStore) => Promise<T>,
    warnings: string[] = [],
  ): Promise<T> {
    const store = SqliteEventStore.open({ filename: events() });
    const db = SqliteReadModelDatabase.open({ filename: join(dir, SQLITE_READ_MODELS_FILE) });
    const logger = { warn: (m: string) => warnings.push(m), error: () => undefined };
    try {
      return await work(new ReadModels(db, store, { logger }), store);
    } finally {
      await db.close();
      await store.close();
    }
  }

  const listed = async (models: ReadModels) =>
    (await models.actions.list({ planId: PLAN_ID }, {}, new Date())).items
      .map((a) => a.title)
      .sort();

  it('given read models past the end of a restored log, when they start, then they are built again from it and miss nothing appended after', async () => {
    const [kept, lost, added] = [randomUUID(), randomUUID(), randomUUID()];
    await withReadModels(async (models, store) => {
      await appendPlan(store, PLAN_ID, planCreated());
      await appendAction(store, kept, raised(kept, { title: 'Kept' }), ownerAssigned(alice));
      // Last night's backup, taken as the CLI's backup command takes it.
      const source = new Database(events(), { readonly: true });
      await source.backup(backup());
      source.close();
      await appendAction(store, lost, raised(lost, { title: 'Lost' }), ownerAssigned(alice));
      await models.catchUp();
      expect(await listed(models)).toEqual(['Kept', 'Lost']);
    });

    // The restore: the engine stopped, the backup copied over the log, its WAL files gone.
    for (const suffix of ['', '-wal', '-shm']) rmSync(events() + suffix, { force: true });
    const restored = new Database(backup(), { readonly: true });
    await restored.backup(events());
    restored.close();

    const warnings: string[] = [];
    await withReadModels(async (models, store) => {
      const head = await appendAction(store, added, raised(added, { title: 'Added' }));
      await models.catchUp();
      expect(models.position()).toBe(head);
      expect(await listed(models)).toEqual(['Added', 'Kept']);
      expect((await models.plans.get(PLAN_ID))?.planId).toBe(PLAN_ID);
    }, warnings);
    expect(warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/event log ends at \d+ \(restored/)]),
    );
  });

  it('given read models level with the log, when they start again, then nothing is discarded', async () => {
    const id = randomUUID();
    await withReadModels(async (models, store) => {
      await appendPlan(store, PLAN_ID, planCreated());
      await appendAction(store, id, raised(id, { title: 'Kept' }));
      await models.catchUp();
    });
    const warnings: string[] = [];
    await withReadModels(async (models) => {
      await models.catchUp();
      expect(await listed(models)).toEqual(['Kept']);
    }, warnings);
    expect(warnings).toEqual([]);
  });

  it('given another process that projects events appended while this one starts, when this one reads the head, then nothing is discarded', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    await withReadModels(async (models, store) => {
      await appendPlan(store, PLAN_ID, planCreated());
      await appendAction(store, first, raised(first, { title: 'First' }));
      await models.catchUp();
    });

    const store = SqliteEventStore.open({ filename: events() });
    const filename = join(dir, SQLITE_READ_MODELS_FILE);
    const otherDb = SqliteReadModelDatabase.open({ filename });
    const db = SqliteReadModelDatabase.open({ filename });
    const warnings: string[] = [];
    try {
      const other = new ReadModels(otherDb, store);
      let reads = 0;
      // The head as the first runner reads it when it loads its checkpoint (the catch-up itself
      // reads it once before), while another process appends and projects one more event.
      const starting = Object.create(store, {
        headPosition: {
          value: async () => {
            const head = await store.headPosition();
            if (++reads === 2) {
              await appendAction(store, second, raised(second, { title: 'Second' }));
              await other.catchUp();
            }
            return head;
          },
        },
      }) as EventStore;
      const models = new ReadModels(db, starting, {
        logger: { warn: (m: string) => warnings.push(m), error: () => undefined },
      });
      await models.catchUp();
      expect(warnings).toEqual([]);
      expect(await listed(models)).toEqual(['First', 'Second']);
    } finally {
      await db.close();
      await otherDb.close();
      await store.close();
    }
  });
});
