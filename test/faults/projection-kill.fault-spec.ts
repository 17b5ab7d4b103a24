/**
 * Exactly-once projections under crashes: the engine process is killed with SIGKILL at random
 * moments, ten times, while it catches up on the log and while more events are appended. After
 * each restart the read models must equal a clean rebuild: nothing applied twice, nothing missed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NewEvent, SqliteEventStore } from '@asc/event-store';
import { ReadModels, SqliteReadModelDatabase } from '@asc/read-models';

const ENGINE = join(__dirname, '../../dist/apps/api/main.js');
const KILLS = 10;

const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: {
    actor: 'lead-1',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    commandId: randomUUID(),
  },
});

/** One action's life in events: raised, owned, dated, reported on, sometimes re-planned. */
function actionEvents(planId: string, actionId: string, i: number): NewEvent[] {
  const events = [
    event('ActionRaised', {
      actionId,
      planId,
      ref: `A-${i}`,
      title: `Action ${i}`,
      description: null,
      qualityStatement: `QS${(i % 9) + 1}`,
      priority: 'medium',
      source: { kind: 'manual', reference: null },
    }),
    event('OwnerAssigned', {
      owner: { id: `owner-${i % 7}`, name: 'Owner', email: `o${i % 7}@council.example` },
      previousOwnerId: null,
    }),
    event('DueDateSet', { dueDate: '2025-06-30', previousDueDate: null, reason: null }),
  ];
  for (let n = 0; n < 5; n++) {
    events.push(
      event('ProgressReported', {
        percentComplete: n * 20,
        confidence: n % 3 === 2 ? 'off-track' : 'on-track',
        note: `update ${n}`,
      }),
    );
  }
  if (i % 3 === 0)
    events.push(
      event('DueDateSet', {
        dueDate: '2025-09-30',
        previousDueDate: '2025-06-30',
        reason: 'recruitment delayed',
      }),
    );
  return events;
}

async function rows(db: SqliteReadModelDatabase) {
  return {
    actions: await db.query('SELECT * FROM action_register ORDER BY action_id'),
    plans: await db.query('SELECT * FROM plan_summary ORDER BY plan_id'),
  };
}

describe('read models survive SIGKILL during catch-up', () => {
  let dir: string;
  let store: SqliteEventStore;
  const planId = randomUUID();
  let actionsWritten = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kill-'));
    store = SqliteEventStore.open({ filename: join(dir, 'events.sqlite') });
    await store.appendToStream(
      `plan-${planId}`,
      [event('PlanCreated', { planId, authority: 'Medway', title: 'Plan', period: null })],
      {
        expectedVersion: 'no_stream',
      },
    );
    await appendActions(500);
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function appendActions(count: number): Promise<void> {
    for (let k = 0; k < count; k++, actionsWritten++) {
      const actionId = randomUUID();
      await store.appendToStream(
        `action-${actionId}`,
        actionEvents(planId, actionId, actionsWritten),
        { expectedVersion: 'no_stream' },
      );
    }
  }

  function startEngine(): ChildProcess {
    return spawn(process.execPath, [ENGINE], {
      env: {
        ...process.env,
        DATA_DIR: dir,
        PORT: '0',
        LOG_LEVEL: 'silent',
        AUTH_JWT_SECRET: 'kill-test-secret-0123456789-abcdefghijkl',
        SEED_DEMO: 'false',
        // Projections are under test; the chaser's own appends would only add noise.
        CHASER: 'off',
      },
      stdio: 'ignore',
    });
  }

  it(`${KILLS} kills at random points leave the read models equal to a clean rebuild`, async () => {
    const positions: number[] = [];
    const heads: number[] = [];
    const checkpoint = async () => {
      const db = SqliteReadModelDatabase.open({ filename: join(dir, 'read-models.sqlite') });
      try {
        const [row] = await db.query<{ position: number | null }>(
          'SELECT MIN(position) AS position FROM checkpoints',
        );
        return Number(row?.position ?? 0);
      } finally {
        await db.close();
      }
    };
    let previous = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      // A fresh backlog of about 9,000 events, so that the kill lands while it is being projected.
      await appendActions(1000);
      const engine = startEngine();
      const load = appendActions(50);
      const started = Date.now();
      while ((await checkpoint()) <= previous && Date.now() - started < 15_000) {
        await new Promise((r) => setTimeout(r, 10));
      }
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
      engine.kill('SIGKILL');
      await new Promise((r) => engine.once('exit', r));
      await load;
      previous = await checkpoint();
      positions.push(previous);
      heads.push(await store.headPosition());
    }
    console.log(
      `killed at checkpoint positions ${positions.join(', ')} (log heads ${heads.join(', ')})`,
    );
    // Several kills landed in the middle of the catch-up, at different points of it.
    const midway = positions.filter((p, i) => p > 0 && p < heads[i]);
    expect(new Set(midway).size).toBeGreaterThan(1);

    // Finish the catch-up in this process, then rebuild from scratch elsewhere and compare.
    const survivor = SqliteReadModelDatabase.open({ filename: join(dir, 'read-models.sqlite') });
    const clean = SqliteReadModelDatabase.open({ filename: join(dir, 'clean-rebuild.sqlite') });
    try {
      await new ReadModels(survivor, store).catchUp();
      await new ReadModels(clean, store).catchUp();
      const [after, expected] = await Promise.all([rows(survivor), rows(clean)]);
      expect(after.actions).toHaveLength(actionsWritten);
      expect(after).toEqual(expected);
    } finally {
      await survivor.close();
      await clean.close();
    }
  }, 240_000);
});
