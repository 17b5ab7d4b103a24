import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { ChasingLifecycle, ChasingReactor } from '@asc/chasing';
import { dueDateStartsMs } from '@asc/domain';
import { type ChasingApp, startChasingApp, until } from './chasing-test-app';

/** Actions scheduled before the flush (the 10k run belongs to the fault tier: set the env). */
const ACTIONS = Number(process.env.CHASING_RECONCILE_ACTIONS ?? 100);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/**
 * Redis keeps nothing on disk: after FLUSHALL every job is gone. Reconciliation rebuilds them from
 * the read models, and every reminder then due goes out exactly once. Runs on a redis-server of
 * its own (FLUSHALL on the shared one would wipe other engineers' tests).
 */
jest.setTimeout(300_000);

describe('reconciliation after Redis loses everything', () => {
  let redis: ChildProcess;
  let port: number;
  let t: ChasingApp;

  beforeAll(async () => {
    port = await freePort();
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await until(
      () => {
        try {
          return execFileSync('redis-cli', ['-p', String(port), 'ping'])
            .toString()
            .trim();
        } catch {
          return 'down';
        }
      },
      (v) => v === 'PONG',
    );
    t = await startChasingApp({ redisUrl: `redis://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await t?.close();
    redis?.kill('SIGTERM');
  });

  it(`re-creates the jobs of ${ACTIONS} actions after FLUSHALL; each reminder goes out once`, async () => {
    const due = '2032-03-10';
    const planId = await t.createPlan();
    // Far from the due date while raising, so every job is still delayed at the flush.
    t.clock.set(dueDateStartsMs(due) - 3600_000);
    const ids: string[] = [];
    for (let i = 0; i < ACTIONS; i++) ids.push(await t.raise(planId, { dueDate: due }));
    await t.moduleRef.get(ChasingReactor).waitFor(await t.store.headPosition(), 60_000);
    expect(await t.queue.getDelayedCount()).toBeGreaterThanOrEqual(ACTIONS);
    // Then time stands 3 s before the due date: the 4-second reminder is due, the 2-second not yet.
    t.clock.freeze(dueDateStartsMs(due) - 3_000);

    execFileSync('redis-cli', ['-p', String(port), 'FLUSHALL']);
    expect(await t.queue.getDelayedCount()).toBe(0);
    await t.moduleRef.get(ChasingLifecycle).reconcileAndSchedule();
    const counts = await t.queue.getJobCounts('waiting', 'delayed', 'active', 'completed');
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(ACTIONS);

    const count = (type: string) =>
      Promise.all(ids.map((id) => t.events(id, type))).then((all) => all.flat());
    const sent = await until(
      () => count('ReminderSent'),
      (e) => e.length >= ACTIONS,
      240_000,
    );
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await count('ReminderSent')).toHaveLength(ACTIONS);
    expect(new Set(sent.map((e) => e.stream)).size).toBe(ACTIONS);
    expect(sent.every((e) => (e.data as { kind: string }).kind === 'due-soon')).toBe(true);
    const mails = t.smtp.messages.map((m) => m.headers['message-id']);
    expect(mails).toHaveLength(ACTIONS);
    expect(new Set(mails).size).toBe(ACTIONS);
  });
});
