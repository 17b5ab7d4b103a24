import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@asc/event-store';
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
 * PROJECTIONS=off: an API process beside a worker serves the read models the worker keeps. Two
 * connections to the same files stand for the two processes: the follower applies nothing, and
 * its positions (what read-your-writes waits on) move with the projecting one's checkpoints.
 */
describe('read models followed, not projected', () => {
  let dir: string;
  let store: SqliteEventStore;
  let projectingDb: SqliteReadModelDatabase;
  let followingDb: SqliteReadModelDatabase;
  let projecting: ReadModels;
  let following: ReadModels;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rm-follow-'));
    store = SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    const filename = join(dir, SQLITE_READ_MODELS_FILE);
    projectingDb = SqliteReadModelDatabase.open({ filename });
    followingDb = SqliteReadModelDatabase.open({ filename });
    projecting = new ReadModels(projectingDb, store);
    following = new ReadModels(followingDb, store);
  });

  afterEach(async () => {
    await following.stop();
    await projecting.stop();
    await followingDb.close();
    await projectingDb.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const listed = async (models: ReadModels) =>
    (await models.actions.list({ planId: PLAN_ID }, {}, new Date())).total;

  it('given a follower and nobody projecting, when events are appended, then it applies none of them', async () => {
    await following.follow(10);
    const id = randomUUID();
    await appendPlan(store, PLAN_ID, planCreated());
    await appendAction(store, id, raised(id), ownerAssigned(alice));
    expect(await following.waitForPosition(await store.headPosition(), 300)).toBe(false);
    expect(following.position()).toBe(0);
    expect(await listed(following)).toBe(0);
    // Serving, for readiness: it is not a stopped projection.
    expect(following.runners.every((r) => r.running)).toBe(true);
  });

  it('given a follower stopped during its first load, when time passes, then it reads nothing more', async () => {
    const followed = following.follow(10);
    await following.stop();
    await followed;
    expect(following.runners.some((r) => r.running)).toBe(false);
  });

  it('given a follower, when another process projects, then its positions and reads move with it', async () => {
    await following.follow(10);
    const id = randomUUID();
    await appendPlan(store, PLAN_ID, planCreated());
    const head = await appendAction(store, id, raised(id), ownerAssigned(alice));
    projecting.start();
    expect(await following.waitForPosition(head, 5_000)).toBe(true);
    expect(following.position()).toBeGreaterThanOrEqual(head);
    expect(await listed(following)).toBe(1);
  });
});
