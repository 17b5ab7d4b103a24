/**
 * The SMTP server refuses for a while (first connection refused, then 421 to every connection)
 * and then recovers: the chaser retries with BullMQ's exponential backoff (5 s, 10 s …), loses no
 * reminder, and records none as sent before the server accepted it (deliver-then-record).
 */
import { Queue } from 'bullmq';
import { dueDateStartsMs } from '@asc/domain';
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

const ACTIONS = 20;
const DUE = '2031-03-18';
const PREFIX = 'smtp';
const DUE_IN_MS = 3_000;
/** Refused (no listener) until the due moment + 3 s, then 421 until + 10 s, then accepting. */
const REFUSED_MS = 3_000;
const BUSY_UNTIL_MS = 10_000;

jest.setTimeout(90_000);

describe('SMTP refusing, then recovering', () => {
  let rig: ChasingRig;
  let queue: Queue | undefined;

  beforeAll(async () => {
    rig = await startChasingRig(PREFIX);
  });

  afterAll(async () => {
    await queue?.close();
    await rig?.stop();
  });

  it('retries with backoff, loses nothing, records nothing before the server accepted it', async () => {
    const { dataDir, redis, smtp } = rig;
    const { actionIds } = await seedChasingLog(dataDir, {
      actions: ACTIONS,
      dueDate: () => DUE,
      policy: DUE_DATE_ONLY_POLICY,
    });
    await smtp.set('down');
    const offset = offsetForDueIn(DUE, DUE_IN_MS);
    const dueAt = dueDateStartsMs(DUE) - offset;
    rig.worker = await spawnChasingWorker(
      rig.env({ CLOCK_OFFSET_MS: String(offset), CHASER_CONCURRENCY: '4' }),
    );
    const s = await rig.openStore();

    await sleep(Math.max(0, dueAt + REFUSED_MS - Date.now()));
    // Refused so far: nothing may be recorded as sent.
    expect(await recordedReminders(s)).toEqual([]);
    await smtp.set('busy');
    await sleep(Math.max(0, dueAt + BUSY_UNTIL_MS - Date.now()));
    expect(await recordedReminders(s)).toEqual([]);
    expect(smtp.mails).toEqual([]);
    const acceptingFrom = Date.now();
    await smtp.set('accept');

    const expected = actionIds.map((id) => `reminder:${id}:due:${DUE}:1`).sort();
    const recorded = await until(
      () => recordedReminders(s),
      (r) => r.length >= ACTIONS,
      40_000,
      300,
    );
    await sleep(1_000);
    expect((await recordedReminders(s)).length).toBe(recorded.length);
    expect(recorded.map((r) => r.key).sort()).toEqual(expected);
    expect(duplicates(recorded.map((r) => r.key)).size).toBe(0);
    // Each recorded after the server accepted it, and accepted only once it accepted at all.
    const accepted = new Map(smtp.mails.map((m) => [m.key, m.acceptedAt]));
    expect([...accepted.keys()].sort()).toEqual(expected);
    for (const r of recorded) {
      expect(accepted.get(r.key)).toBeGreaterThanOrEqual(acceptingFrom);
      expect(r.recordedAt).toBeGreaterThanOrEqual(accepted.get(r.key) as number);
    }
    expect(smtp.refused).toBeGreaterThanOrEqual(ACTIONS); // each met a 421 at least once

    // Retries, with backoff: each reminder's job ran at least three times (refused, 421, sent),
    // and the last try came at least 5 + 10 s after the due moment (exponential from 5 s).
    queue = new Queue('chase', {
      connection: { host: '127.0.0.1', port: redis.port },
      prefix: PREFIX,
    });
    // A chase job's id is its step's key and moment (ADR 13).
    const jobs = await queue.getJobs(['completed']);
    for (const id of actionIds) {
      const job = jobs.find((j) => j.id?.startsWith(`reminder-${id}-due-${DUE}-1-at-`));
      expect(job?.attemptsMade).toBeGreaterThanOrEqual(3);
    }
    const firstAccepted = Math.min(...accepted.values());
    expect(firstAccepted - dueAt).toBeGreaterThanOrEqual(14_000);
    console.log(
      `chasing smtp refusal: ${ACTIONS} reminders, ${smtp.refused} connections answered 421, ` +
        `first accepted ${firstAccepted - dueAt} ms and last recorded ${Math.max(...recorded.map((r) => r.recordedAt)) - dueAt} ms after the due moment`,
    );
  });
});
