/**
 * The chaser killed with SIGKILL in the middle of a batch of due reminders, three times, and
 * restarted: every reminder is then recorded exactly once, every recorded one reached the SMTP
 * server first, and a message is sent twice only when a kill fell between its delivery and its
 * record (deliver-then-record, ADR 13). The worker runs one job at a time here, so each kill can
 * cut at most one delivery short: duplicates ≤ kills.
 */
import type Redis from 'ioredis';
import {
  type ChasingRig,
  DUE_DATE_ONLY_POLICY,
  duplicates,
  offsetForDueIn,
  recordedReminders,
  seedChasingLog,
  spawnChasingWorker,
  startChasingRig,
  until,
} from '../support/chasing-process-support';

const ACTIONS = 240;
const KILLS = 3;
const DUE = '2031-01-15';
const PREFIX = 'kill';

jest.setTimeout(90_000);

describe('chaser killed mid-batch', () => {
  let rig: ChasingRig;
  let client: Redis;

  beforeAll(async () => {
    rig = await startChasingRig(PREFIX);
    client = rig.redis.client();
  });

  afterAll(async () => {
    client?.disconnect();
    await rig?.stop();
  });

  it('records every reminder once, each delivered first; duplicates only from kills', async () => {
    const { dataDir, smtp } = rig;
    const { actionIds } = await seedChasingLog(dataDir, {
      actions: ACTIONS,
      dueDate: () => DUE,
      policy: DUE_DATE_ONLY_POLICY,
    });
    const env = rig.env({
      // The same shifted clock across restarts: every reminder falls due 3 s after the first start.
      CLOCK_OFFSET_MS: String(offsetForDueIn(DUE, 3_000)),
      CHASER_CONCURRENCY: '1',
      CHASER_LOCK_MS: '3000',
    });
    rig.worker = await spawnChasingWorker(env);

    // Kill right as the SMTP server accepts a message: the worker is then between delivery and
    // record, the window that can duplicate. Kills at about a quarter, half and three quarters.
    const killAt = [0.25, 0.5, 0.75].map((f) => Math.round(f * ACTIONS));
    for (let k = 0; k < KILLS; k++) {
      const target = killAt[k] as number;
      await until(
        () => smtp.mails.length,
        (n) => n >= target,
        40_000,
        5,
      );
      await rig.worker.kill('SIGKILL');
      // Fast-forward the dead worker's per-action lock (CHASER_LOCK_MS, 3 s here): nobody holds
      // it any more, it would only make the restarted worker wait it out.
      const locks = await client.keys(`${PREFIX}:chase:chase-lock:*`);
      if (locks.length > 0) await client.del(...locks);
      rig.worker = await spawnChasingWorker(env);
    }

    const s = await rig.openStore();
    const recorded = await until(
      () => recordedReminders(s),
      (r) => r.length >= ACTIONS,
      40_000,
      500,
    );
    // A little longer: a late duplicate record would show up now.
    await new Promise((r) => setTimeout(r, 2_000));
    const final = await recordedReminders(s);
    expect(final.length).toBe(recorded.length);

    const expected = actionIds.map((id) => `reminder:${id}:due:${DUE}:1`).sort();
    const recordedKeys = final.map((r) => r.key);
    // Exactly once in the log, each action.
    expect(duplicates(recordedKeys).size).toBe(0);
    expect([...recordedKeys].sort()).toEqual(expected);

    // Every recorded reminder reached the server, before it was recorded.
    const firstAccepted = new Map<string, number>();
    for (const m of smtp.mails)
      if (!firstAccepted.has(m.key)) firstAccepted.set(m.key, m.acceptedAt);
    const unsent = final.filter((r) => !firstAccepted.has(r.key));
    expect(unsent).toEqual([]);
    const recordedBeforeAccepted = final.filter(
      (r) => r.recordedAt < (firstAccepted.get(r.key) as number),
    );
    expect(recordedBeforeAccepted).toEqual([]);
    // Nothing the log does not know of, and the duplicates counted.
    expect([...firstAccepted.keys()].sort()).toEqual(expected);
    const dup = duplicates(smtp.mails.map((m) => m.key));
    const extra = [...dup.values()].reduce((a, n) => a + n - 1, 0);
    console.log(
      `chasing kill: ${ACTIONS} reminders, ${KILLS} kills, ${smtp.mails.length} messages, ${extra} duplicate(s) ${JSON.stringify([...dup.keys()])}`,
    );
    expect(extra).toBeLessThanOrEqual(KILLS);
  });
});
