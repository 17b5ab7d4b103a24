import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActionCommand } from '@asc/domain';
import { ConcurrencyError, SqliteEventStore } from '@asc/event-store';
import { AggregateRepository } from '../src/shared/aggregate-repository';
import { ACTION, PLAN } from '../src/shared/aggregates';

describe('AggregateRepository: cached folds stay true to the log', () => {
  let dir: string;
  let stores: SqliteEventStore[];
  const now = '2025-03-03T09:00:00Z';
  const meta = (actor: string, extra: object = {}) => ({
    actor,
    commandId: `c-${Math.random()}`,
    correlationId: 'k',
    ...extra,
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'repo-'));
    stores = [];
  });
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Two engine processes on one file: each has its own store and its own cache. */
  function processes(): [AggregateRepository, AggregateRepository] {
    const open = () => {
      const store = SqliteEventStore.open({ filename: join(dir, 'events.sqlite') });
      stores.push(store);
      return new AggregateRepository(store);
    };
    return [open(), open()];
  }

  it('decides on events another process appended after the fold was cached', async () => {
    const [a, b] = processes();
    const planId = '5a0b7f0e-1d7b-4f8a-9a51-0c1d2e3f4a5b';
    const actionId = '8c1e5b2a-3f4d-4e6a-8b7c-9d0e1f2a3b4c';
    await a.execute(
      PLAN,
      planId,
      { type: 'CreatePlan', planId, now, actor: 'admin', authority: 'Medway', title: 'Plan' },
      meta('admin'),
      { creates: true },
    );
    const raise: ActionCommand = {
      type: 'RaiseAction',
      actionId,
      now,
      actor: 'lead',
      planId,
      title: 'Waiting list',
      qualityStatement: 'QS1',
      priority: 'high',
      owner: { id: 'sam', name: 'Sam', email: 'sam@x.example' },
      dueDate: '2025-06-30',
    };
    await a.execute(ACTION, actionId, raise, meta('lead'), { creates: true });
    expect((await a.current(ACTION, actionId)).version).toBe(2);

    // Process B completes the action; A's cache still holds it open.
    await b.execute(
      ACTION,
      actionId,
      { type: 'CompleteAction', actionId, now, actor: 'sam', summary: 'Done' },
      meta('sam'),
    );

    // A must see the completion: progress on a completed action is refused.
    await expect(
      a.execute(
        ACTION,
        actionId,
        {
          type: 'ReportProgress',
          actionId,
          now,
          actor: 'sam',
          percentComplete: 10,
          confidence: 'on-track',
          note: '',
        },
        meta('sam'),
      ),
    ).rejects.toMatchObject({ rule: 'progress-requires-open-action' });
    expect((await a.current(ACTION, actionId)).state).toMatchObject({ status: 'completed' });

    // If-Match is checked against the log's version, not the cache's.
    await expect(
      a.execute(
        ACTION,
        actionId,
        { type: 'VerifyCompletion', actionId, now, actor: 'lead', note: null },
        meta('lead', { expectedVersion: 2 }),
      ),
    ).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('remembers an Idempotency-Key answered by another process', async () => {
    const [a, b] = processes();
    const planId = '6b1c8a1f-2e8c-4a9b-8b62-1d2e3f4a5b6c';
    const create = {
      type: 'CreatePlan' as const,
      planId,
      now,
      actor: 'admin',
      authority: 'Kent',
      title: 'Plan',
    };
    await a.current(PLAN, planId);
    const first = await b.execute(
      PLAN,
      planId,
      create,
      meta('admin', { idempotencyKey: 'k1', requestFingerprint: 'f1' }),
      { creates: true },
    );
    const retry = await a.execute(
      PLAN,
      planId,
      create,
      meta('admin', { idempotencyKey: 'k1', requestFingerprint: 'f1' }),
      { creates: true },
    );
    expect(retry).toEqual({ ...first, replayed: true });
    await expect(
      a.execute(
        PLAN,
        planId,
        create,
        meta('admin', { idempotencyKey: 'k1', requestFingerprint: 'other' }),
      ),
    ).rejects.toMatchObject({ rule: 'idempotency-key-reused' });
  });
});
