/**
 * Redis (our own redis-server, nothing on disk) restarted under a running chaser, between two
 * waves of reminders: the jobs of the later waves were scheduled before the restart and are lost
 * with it. The chaser notices by itself (its sentinel key is gone), reconciles from the read models,
 * and every reminder still goes out, recorded once, without restarting the chaser's process.
 */
import type Redis from 'ioredis';
import { type ChasingPolicy, dueDateStartsMs } from '@asc/domain';
import {
  type ChasingRig,
  DUE_DATE_ONLY_POLICY,
  duplicates,
  offsetForDueIn,
  recordedReminders,
  seedChasingLog,
  sleep,
  spawnChasingWorker,
  startChasingRig,
  until,
} from '../support/chasing-process-support';

const ACTIONS = 60;
const DUE = '2031-02-11';
const PREFIX = 'restart';
/** Three waves 15 s apart: 30 s before the due moment, 15 s before, and at it. */
const POLICY: ChasingPolicy = { ...DUE_DATE_ONLY_POLICY, reminderLeadTimes: ['PT30S', 'PT15S'] };
const FIRST_WAVE_IN_MS = 4_000;

jest.setTimeout(90_000);

describe('Redis restarted under the chaser', () => {
  let rig: ChasingRig;
  let client: Redis;

  beforeAll(async () => {
    rig = await startChasingRig(PREFIX);
    client = rig.redis.client();
    client.on('error', () => undefined);
  });

  afterAll(async () => {
    client?.disconnect();
    await rig?.stop();
  });

  it('jobs scheduled before the restart still go out, once; the chaser recovers by itself', async () => {
    const { dataDir, redis, smtp } = rig;
    const { actionIds } = await seedChasingLog(dataDir, {
      actions: ACTIONS,
      dueDate: () => DUE,
      policy: POLICY,
    });
    const offset = offsetForDueIn(DUE, FIRST_WAVE_IN_MS + 30_000);
    const worker = (rig.worker = await spawnChasingWorker(
      rig.env({ CLOCK_OFFSET_MS: String(offset), CHASER_CONCURRENCY: '4' }),
    ));
    const realMoment = (leadMs: number) => dueDateStartsMs(DUE) - leadMs - offset;
    const keysOf = (kind: string, seq: number) =>
      actionIds.map((id) => `reminder:${id}:${kind}:${DUE}:${seq}`);
    const wave1 = keysOf('due-soon', 1);
    const received = () => new Set(smtp.mails.map((m) => m.key));

    // Wave 1 goes out; the worker then schedules each action's wave-2 job in Redis.
    await until(received, (r) => wave1.every((k) => r.has(k)), 20_000, 100);
    const waiting = await until(
      () => client.zcard(`${PREFIX}:chase:delayed`),
      (n) => n >= ACTIONS,
      10_000,
      100,
    );
    expect(waiting).toBeGreaterThanOrEqual(ACTIONS);

    await redis.restart(1_000);
    expect(await client.dbsize()).toBe(0); // every job is gone
    const restartedAt = Date.now();
    expect(restartedAt).toBeLessThan(realMoment(15_000) - 5_000); // before wave 2 is due

    // Waves 2 and 3 only exist again if reconciliation re-created them; each must go out at its
    // moment (a wave re-created after the next one's moment would be skipped by catch-up).
    const all = [...wave1, ...keysOf('due-soon', 2), ...keysOf('due', 1)];
    await until(received, (r) => all.every((k) => r.has(k)), 45_000, 200);
    const s = await rig.openStore();
    const recorded = await until(
      () => recordedReminders(s),
      (r) => r.length >= all.length,
      10_000,
      300,
    );
    await sleep(1_000);
    expect((await recordedReminders(s)).length).toBe(recorded.length);
    expect(duplicates(recorded.map((r) => r.key)).size).toBe(0);
    expect(recorded.map((r) => r.key).sort()).toEqual([...all].sort());
    const accepted = new Map<string, number>();
    for (const m of smtp.mails) if (!accepted.has(m.key)) accepted.set(m.key, m.acceptedAt);
    expect(recorded.filter((r) => !(r.recordedAt >= (accepted.get(r.key) ?? Infinity)))).toEqual(
      [],
    );

    // Wave 2 went out at its moment, i.e. not only when wave 3 came round.
    const wave2Late = keysOf('due-soon', 2).map(
      (k) => (accepted.get(k) as number) - realMoment(15_000),
    );
    expect(Math.max(...wave2Late)).toBeLessThan(10_000);
    // The same process throughout: it recovered without a restart, and holds its sentinel again.
    expect(worker.child.exitCode).toBeNull();
    expect(await client.exists(`${PREFIX}:chase:chaser-sentinel`)).toBe(1);
    const dup = duplicates(smtp.mails.map((m) => m.key));
    console.log(
      `chasing redis restart: ${all.length} reminders, ${smtp.mails.length} messages, ${dup.size} sent twice; ` +
        `wave 2 lateness max ${Math.max(...wave2Late)} ms`,
    );
  });
});
